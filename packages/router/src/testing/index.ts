export { createScriptedProvider } from './scripted-provider.js';
export type { ScriptedStep } from './scripted-provider.js';
