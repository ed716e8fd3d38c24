import preset from '../../jest.preset.js';

export default { ...preset, displayName: 'metrics-report', passWithNoTests: true, rootDir: import.meta.dirname };
