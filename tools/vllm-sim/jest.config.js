import preset from '../../jest.preset.js';

export default { ...preset, displayName: 'vllm-sim', passWithNoTests: true, rootDir: import.meta.dirname };
