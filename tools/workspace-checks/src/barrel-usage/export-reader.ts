import { existsSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { parseSource } from './parse-source.js';

/** Where an exported name is declared, and whether it exists at run time. */
export interface ExportOrigin {
  /** The file that declares it (absolute), or the bare specifier of another package it comes from. */
  file: string;
  /** Its name there. */
  name: string;
  kind: 'type' | 'value';
  /** The files an entry's name passes through on its way from `file`, nearest the entry first. */
  through: string[];
  /** True when the entry passes the name on by `export *` rather than naming it. */
  star: boolean;
}

/** Names a file exports, each with its origin; `export *` and `export … from` chains are followed. */
export type ExportTable = Map<string, ExportOrigin>;

/** `./x.js` written in a TypeScript source means `./x.ts` (or `.tsx`, or `./x/index.ts`). */
function resolveRelative(fromFile: string, specifier: string): string {
  const base = path.resolve(path.dirname(fromFile), specifier);
  const stem = base.replace(/\.(m|c)?js$/, '');
  const candidates = [base, `${stem}.ts`, `${stem}.tsx`, `${stem}.mts`, path.join(base, 'index.ts')];
  const found = candidates.find((candidate) => existsSync(candidate) && path.extname(candidate) !== '');
  if (found === undefined) throw new Error(`${fromFile}: cannot find the module '${specifier}'`);
  return found;
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((modifier) => modifier.kind === kind);
}

function declarationKind(node: ts.Statement): ExportOrigin['kind'] {
  return ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node) ? 'type' : 'value';
}

/** Names a statement declares: `const a = 1, b = 2`, `function f`, `class C`, `interface I`… */
function declaredNames(node: ts.Statement): string[] {
  if (ts.isVariableStatement(node)) {
    return node.declarationList.declarations.flatMap((declaration) =>
      ts.isIdentifier(declaration.name) ? [declaration.name.text] : [],
    );
  }
  const name = (node as { name?: ts.Node }).name;
  return name !== undefined && ts.isIdentifier(name) ? [name.text] : [];
}

/** Reads what files export, remembering each file once. */
export class ExportReader {
  private readonly tables = new Map<string, ExportTable>();

  /** The names `file` exports; a cycle of `export *` contributes nothing twice. */
  exportsOf(file: string): ExportTable {
    const known = this.tables.get(file);
    if (known !== undefined) return known;
    const table: ExportTable = new Map();
    this.tables.set(file, table);
    const source = parseSource(file);
    for (const statement of source.statements) this.addStatement(file, source, statement, table);
    return table;
  }

  private addStatement(file: string, source: ts.SourceFile, statement: ts.Statement, table: ExportTable): void {
    if (ts.isExportDeclaration(statement)) {
      this.addExportDeclaration(file, source, statement, table);
      return;
    }
    if (ts.isExportAssignment(statement)) {
      table.set('default', { file, name: 'default', kind: 'value', through: [], star: false });
      return;
    }
    if (!hasModifier(statement, ts.SyntaxKind.ExportKeyword)) return;
    if (hasModifier(statement, ts.SyntaxKind.DefaultKeyword)) {
      table.set('default', { file, name: 'default', kind: declarationKind(statement), through: [], star: false });
      return;
    }
    for (const name of declaredNames(statement))
      table.set(name, { file, name, kind: declarationKind(statement), through: [], star: false });
  }

  private addExportDeclaration(
    file: string,
    source: ts.SourceFile,
    statement: ts.ExportDeclaration,
    table: ExportTable,
  ): void {
    const specifier =
      statement.moduleSpecifier !== undefined && ts.isStringLiteral(statement.moduleSpecifier)
        ? statement.moduleSpecifier.text
        : undefined;
    const clause = statement.exportClause;
    if (clause === undefined) {
      if (specifier === undefined) return;
      // `export * from` passes on every name but the default.
      if (!specifier.startsWith('.')) {
        throw new Error(`${file}: export * from '${specifier}' passes on another package whole; name what it exports`);
      }
      const target = resolveRelative(file, specifier);
      for (const [name, origin] of this.exportsOf(target)) {
        if (name !== 'default' && !table.has(name))
          table.set(name, { ...origin, through: [target, ...origin.through], star: true });
      }
      return;
    }
    if (ts.isNamespaceExport(clause)) {
      const kind = statement.isTypeOnly ? 'type' : 'value';
      table.set(clause.name.text, { file, name: clause.name.text, kind, through: [], star: false });
      return;
    }
    for (const element of clause.elements) {
      const exported = element.name.text;
      const local = (element.propertyName ?? element.name).getText(source);
      const origin =
        specifier === undefined ? this.localOrigin(file, source, local) : this.lookup(file, specifier, local);
      const typeOnly = statement.isTypeOnly || element.isTypeOnly;
      const resolved = origin ?? { file, name: local, kind: 'value' as const, through: [], star: false };
      table.set(exported, typeOnly ? { ...resolved, kind: 'type' } : resolved);
    }
  }

  /** Where `name` of a module comes from: a relative file is read; another package is named, not entered. */
  private lookup(fromFile: string, specifier: string, name: string): ExportOrigin | undefined {
    if (!specifier.startsWith('.')) return { file: specifier, name, kind: 'value', through: [], star: false };
    const target = resolveRelative(fromFile, specifier);
    const origin = this.exportsOf(target).get(name);
    return origin === undefined ? undefined : { ...origin, through: [target, ...origin.through], star: false };
  }

  /** `export { a }` of a name the file imports or declares. */
  private localOrigin(file: string, source: ts.SourceFile, local: string): ExportOrigin | undefined {
    for (const statement of source.statements) {
      if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
        const named = statement.importClause?.namedBindings;
        if (named === undefined || !ts.isNamedImports(named)) continue;
        const element = named.elements.find((candidate) => candidate.name.text === local);
        if (element !== undefined) {
          return this.lookup(
            file,
            statement.moduleSpecifier.text,
            (element.propertyName ?? element.name).getText(source),
          );
        }
      } else if (declaredNames(statement).includes(local)) {
        return { file, name: local, kind: declarationKind(statement), through: [], star: false };
      }
    }
    return undefined;
  }
}
