import preset from '../../jest.preset.js';

export default { ...preset, displayName: 'router', passWithNoTests: true, rootDir: import.meta.dirname };
