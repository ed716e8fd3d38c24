import preset from '../../jest.preset.js';

export default { ...preset, displayName: 'workspace-checks', rootDir: import.meta.dirname };
