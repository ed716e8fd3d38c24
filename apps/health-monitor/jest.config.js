import preset from '../../jest.preset.js';

export default { ...preset, displayName: 'health-monitor', passWithNoTests: true, rootDir: import.meta.dirname };
