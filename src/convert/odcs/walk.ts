/** Visiting every element of an ODCS document's schema: objects, properties, nested properties and array items. */
import { isMap, type YAMLMap } from 'yaml';
import { asSeq, get } from '../nodes.js';
import type { Path } from '../types.js';

export type ElementVisitor = (element: YAMLMap, path: Path) => void;

function visitProperty(node: unknown, path: Path, visit: ElementVisitor): void {
  if (!isMap(node)) return;
  visit(node, path);
  asSeq(get(node, 'properties'))?.items.forEach((child, i) => visitProperty(child, [...path, 'properties', i], visit));
  const items = get(node, 'items');
  if (isMap(items)) visitProperty(items, [...path, 'items'], visit);
}

/** Calls `visit` on each schema object and each property below it, parents first. */
export function eachElement(root: YAMLMap, visit: ElementVisitor): void {
  asSeq(get(root, 'schema'))?.items.forEach((object, i) => visitProperty(object, ['schema', i], visit));
}
