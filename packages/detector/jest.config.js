import preset from '../../jest.preset.js';

export default { ...preset, displayName: 'detector', passWithNoTests: true, rootDir: import.meta.dirname };
