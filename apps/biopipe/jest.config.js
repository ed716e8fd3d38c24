import preset from '../../jest.preset.js';

export default { ...preset, displayName: 'biopipe', rootDir: import.meta.dirname };
