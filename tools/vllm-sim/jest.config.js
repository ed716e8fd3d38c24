import preset from '../../jest.preset.js';

export default { ...preset, displayName: 'vllm-sim', rootDir: import.meta.dirname };
