import preset from '../../jest.preset.js';

export default { ...preset, displayName: 'integration', rootDir: import.meta.dirname };
