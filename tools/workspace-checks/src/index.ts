// Workspace checks live in *.spec.ts files; this project exports nothing.
export {};
