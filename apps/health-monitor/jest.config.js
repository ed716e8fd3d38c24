import preset from '../../jest.preset.js';

export default { ...preset, displayName: 'health-monitor', rootDir: import.meta.dirname };
