import preset from '../../jest.preset.js';

export default { ...preset, displayName: 'detector', rootDir: import.meta.dirname };
