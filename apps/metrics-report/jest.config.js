import preset from '../../jest.preset.js';

export default { ...preset, displayName: 'metrics-report', rootDir: import.meta.dirname };
