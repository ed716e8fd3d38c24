import preset from '../../jest.preset.js';

export default { ...preset, displayName: 'metrics', passWithNoTests: true, rootDir: import.meta.dirname };
