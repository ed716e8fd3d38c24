import ts from 'typescript';

/** Names a file takes from one module specifier; `'*'` when it passes all of them on. */
export interface ImportUse {
  specifier: string;
  names: string[] | '*';
  node: ts.Node;
}

/** A use of a module whose names cannot be read from the syntax, e.g. `const m = await import(x); use(m)`. */
export interface UnreadableUse {
  specifier: string;
  node: ts.Node;
}

export interface FileUses {
  uses: ImportUse[];
  unreadable: UnreadableUse[];
}

function bindingNames(pattern: ts.ObjectBindingPattern): string[] | undefined {
  const names: string[] = [];
  for (const element of pattern.elements) {
    const key = element.propertyName ?? element.name;
    if (element.dotDotDotToken !== undefined || !ts.isIdentifier(key)) return undefined;
    names.push(key.text);
  }
  return names;
}

/** `x.NAME`, `{ NAME: … }`: the same letters, naming a property rather than the namespace. */
function isPropertyKey(node: ts.Identifier): boolean {
  const parent = node.parent;
  return (
    ((ts.isPropertyAccessExpression(parent) || ts.isQualifiedName(parent)) && node !== parent.getChildAt(0)) ||
    ((ts.isPropertyAssignment(parent) || ts.isPropertySignature(parent) || ts.isMethodDeclaration(parent)) &&
      parent.name === node)
  );
}

/** The names read as `namespace.NAME` (or `namespace.NAME` in a type); undefined if it is used otherwise. */
function namespaceMembers(source: ts.SourceFile, namespace: ts.Identifier): string[] | undefined {
  const names: string[] = [];
  let readable = true;
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && node !== namespace && node.text === namespace.text) {
      const parent = node.parent;
      if (ts.isPropertyAccessExpression(parent) && parent.expression === node) names.push(parent.name.text);
      else if (ts.isQualifiedName(parent) && parent.left === node) names.push(parent.right.text);
      else if (!isPropertyKey(node)) readable = false;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return readable ? names : undefined;
}

/** The names an `import(specifier)` call's result is read for, following `await` and `Promise.all([...])`. */
function dynamicImportNames(source: ts.SourceFile, call: ts.CallExpression): string[] | undefined {
  let node: ts.Node = call;
  let index: number | undefined;
  if (ts.isArrayLiteralExpression(node.parent)) {
    index = node.parent.elements.indexOf(call as ts.Expression);
    const all = node.parent.parent;
    if (!ts.isCallExpression(all) || all.expression.getText(source) !== 'Promise.all') return undefined;
    node = all;
  }
  if (!ts.isAwaitExpression(node.parent)) return undefined;
  node = node.parent;
  while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if (index === undefined && ts.isPropertyAccessExpression(parent)) return [parent.name.text];
  if (!ts.isVariableDeclaration(parent)) return undefined;
  let target: ts.BindingName | undefined = parent.name;
  if (index !== undefined) {
    if (!ts.isArrayBindingPattern(target)) return undefined;
    const element = target.elements[index];
    target = element !== undefined && ts.isBindingElement(element) ? element.name : undefined;
  }
  if (target === undefined) return undefined;
  if (ts.isObjectBindingPattern(target)) return bindingNames(target);
  return ts.isIdentifier(target) ? namespaceMembers(source, target) : undefined;
}

/** Every place `source` takes names from a module whose specifier `wanted` accepts. */
export function collectImportUses(source: ts.SourceFile, wanted: (specifier: string) => boolean): FileUses {
  const result: FileUses = { uses: [], unreadable: [] };
  const add = (specifier: string, node: ts.Node, names: string[] | '*' | undefined): void => {
    if (names === undefined) result.unreadable.push({ specifier, node });
    else result.uses.push({ specifier, names, node });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && wanted(node.moduleSpecifier.text)) {
      const clause = node.importClause;
      const names: string[] = clause?.name !== undefined ? ['default'] : [];
      const bindings = clause?.namedBindings;
      if (bindings !== undefined && ts.isNamespaceImport(bindings)) {
        const members = namespaceMembers(source, bindings.name);
        add(node.moduleSpecifier.text, node, members === undefined ? undefined : [...names, ...members]);
      } else {
        for (const element of bindings?.elements ?? []) names.push((element.propertyName ?? element.name).text);
        add(node.moduleSpecifier.text, node, names);
      }
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier !== undefined &&
      ts.isStringLiteral(node.moduleSpecifier) &&
      wanted(node.moduleSpecifier.text)
    ) {
      const clause = node.exportClause;
      const names =
        clause === undefined || ts.isNamespaceExport(clause)
          ? '*'
          : clause.elements.map((element) => (element.propertyName ?? element.name).getText(source));
      add(node.moduleSpecifier.text, node, names);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] !== undefined &&
      ts.isStringLiteralLike(node.arguments[0]) &&
      wanted(node.arguments[0].text)
    ) {
      add(node.arguments[0].text, node, dynamicImportNames(source, node));
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal) &&
      wanted(node.argument.literal.text)
    ) {
      let qualifier = node.qualifier;
      while (qualifier !== undefined && ts.isQualifiedName(qualifier)) qualifier = qualifier.left;
      add(node.argument.literal.text, node, qualifier === undefined ? undefined : [qualifier.text]);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return result;
}
