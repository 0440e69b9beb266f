/**
 * Finds loops that never wait. A loop through a wait node is a schedule (journey 8 repeats
 * weekly by going back to its wait); a loop of instant nodes would spin forever, so it is an
 * error. Each such loop group (strongly connected component) is reported once, at its node
 * written first, naming one concrete loop and every node in the group.
 */
import { WAIT_TYPES } from "./known-shapes.ts";
import { joinPath } from "./path.ts";
import type { Problem } from "./problem.ts";
import type { RawGraph } from "./raw-graph.ts";

/**
 * Loops made only of nodes that never wait. Nodes whose type is unknown are left out: their
 * type problem is reported elsewhere, and guessing whether they wait would only add noise.
 */
export function wakelessCycles(graph: RawGraph): Problem[] {
  const instant = new Map<string, string[]>();
  for (const node of graph.nodes.values()) {
    if (node.type === undefined || WAIT_TYPES.has(node.type)) continue;
    instant.set(node.id, node.edges.map((edge) => edge.target));
  }
  for (const [id, targets] of instant) instant.set(id, targets.filter((target) => instant.has(target)));
  const order = [...graph.nodes.keys()];
  const rank = new Map(order.map((id, index) => [id, index]));
  const problems: Problem[] = [];
  for (const component of stronglyConnected(instant)) {
    const [first] = component;
    if (first === undefined) continue;
    const looping = component.length > 1 || (instant.get(first) ?? []).includes(first);
    if (!looping) continue;
    const members = [...component].sort((a, b) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0));
    const root = members[0] ?? first;
    problems.push(cycleProblem(root, members, loopThrough(root, new Set(members), instant)));
  }
  return problems;
}

/** Enough node ids to find the loop in the editor; a generated thousand-node loop is not listed in full. */
const MAX_NAMED = 12;

function cycleProblem(root: string, members: string[], loop: string[]): Problem {
  const inLoop = new Set(loop);
  const others = members.filter((id) => !inLoop.has(id));
  const walk = loop.length <= MAX_NAMED ? loop.join(" → ") : `${loop.slice(0, MAX_NAMED - 2).join(" → ")} → … → ${root} (${loop.length - 1} nodes)`;
  const named = others.slice(0, MAX_NAMED).map((id) => `"${id}"`).join(", ");
  const more = others.length > MAX_NAMED ? ` and ${others.length - MAX_NAMED} more` : "";
  const also = others.length > 0 ? ` (the loop also runs through ${named}${more})` : "";
  return {
    path: joinPath(["nodes", root]),
    code: "cycle_without_wait",
    message:
      `${walk} loops without waiting${also}: a user would go round it instantly, forever. ` +
      "Put a wait, wait_until, wait_for_event or wait_for_time_slot node in the loop.",
  };
}

/** Shortest walk root → … → root inside the component (breadth-first), as node ids. */
function loopThrough(root: string, members: ReadonlySet<string>, edges: ReadonlyMap<string, string[]>): string[] {
  const parent = new Map<string, string>();
  const queue = [root];
  for (let head = 0; head < queue.length; head++) {
    const current = queue[head] ?? root;
    for (const target of edges.get(current) ?? []) {
      if (!members.has(target)) continue;
      if (target === root) return [...pathTo(current, parent, root), root];
      if (parent.has(target)) continue;
      parent.set(target, current);
      queue.push(target);
    }
  }
  return [root, root];
}

function pathTo(node: string, parent: ReadonlyMap<string, string>, root: string): string[] {
  const path = [node];
  for (let current = node; current !== root; ) {
    current = parent.get(current) ?? root;
    path.push(current);
  }
  return path.reverse();
}

/** Tarjan's strongly connected components, iterative so a long chain cannot overflow the stack. */
function stronglyConnected(edges: ReadonlyMap<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  const visit = (id: string): void => {
    const order = index.size;
    index.set(id, order);
    low.set(id, order);
    stack.push(id);
    onStack.add(id);
  };
  for (const start of edges.keys()) {
    if (index.has(start)) continue;
    visit(start);
    const work: { id: string; next: number }[] = [{ id: start, next: 0 }];
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (frame === undefined) break;
      const targets = edges.get(frame.id) ?? [];
      const target = targets[frame.next++];
      if (target !== undefined) {
        if (!index.has(target)) {
          visit(target);
          work.push({ id: target, next: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.id, Math.min(low.get(frame.id) ?? 0, index.get(target) ?? 0));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent !== undefined) low.set(parent.id, Math.min(low.get(parent.id) ?? 0, low.get(frame.id) ?? 0));
      if (low.get(frame.id) !== index.get(frame.id)) continue;
      const component: string[] = [];
      for (let member = stack.pop(); member !== undefined; member = stack.pop()) {
        onStack.delete(member);
        component.push(member);
        if (member === frame.id) break;
      }
      components.push(component);
    }
  }
  return components;
}
