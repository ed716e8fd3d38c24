import preset from '../../jest.preset.js';

export default { ...preset, displayName: 'router', rootDir: import.meta.dirname };
