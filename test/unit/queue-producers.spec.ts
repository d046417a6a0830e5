import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';

const ROOT = join(__dirname, '..', '..');
/** The producers (ImportJobs, TemplateExportJobs, NotificationJobs) own the job ids; nobody else adds jobs. */
const PRODUCERS = join('libs', 'queues', 'src');

/** The production code: every app and lib (but the producers) and the scripts. Tests add raw jobs on purpose. */
function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.spec.ts') && !name.split(/[\\/]/).includes('test'))
    .map((name) => join(dir, name))
    .filter((file) => !file.startsWith(PRODUCERS));
}

/** Names the file declares as a Bull queue: `x: Queue`, `x: Queue<T>`, `@InjectQueue(...) x`, `get<Queue>(...)`. */
function queueNames(file: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const isQueueType = (type?: ts.TypeNode) =>
    !!type && ts.isTypeReferenceNode(type) && /^(Bull\.)?Queue$/.test(type.typeName.getText(file));
  const visit = (node: ts.Node) => {
    if (
      (ts.isParameter(node) || ts.isPropertyDeclaration(node) || ts.isVariableDeclaration(node)) &&
      ts.isIdentifier(node.name)
    ) {
      const injected =
        ts.canHaveDecorators(node) && ts.getDecorators(node)?.some((d) => /InjectQueue/.test(d.getText(file)));
      const fromGet =
        ts.isVariableDeclaration(node) &&
        !!node.initializer &&
        /getQueueToken|<Queue\b/.test(node.initializer.getText(file));
      if (isQueueType(node.type) || injected || fromGet) names.add(node.name.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return names;
}

/**
 * `file:line` of every `.add(` that queues a Bull job: on a name declared as a queue, on an expression that
 * fetches one (getQueueToken), or with a JobName as the job's name.
 */
function queueAdds(path: string, source: string): string[] {
  const file = ts.createSourceFile(path, source, ts.ScriptTarget.Latest, true);
  const queues = queueNames(file);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.name.text === 'add'
    ) {
      const receiver = node.expression.expression;
      const last = ts.isPropertyAccessExpression(receiver) ? receiver.name.text : receiver.getText(file);
      const first = node.arguments[0]?.getText(file) ?? '';
      if (queues.has(last) || /getQueueToken|<Queue\b/.test(receiver.getText(file)) || /^JobName\./.test(first)) {
        const { line } = file.getLineAndCharacterOfPosition(node.getStart(file));
        found.push(`${path}:${line + 1}: ${node.getText(file).split('\n')[0]}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe('jobs are queued by the producers of libs/queues only', () => {
  const files = ['apps', 'libs', 'scripts'].flatMap(sources);

  it('finds the sources', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files.some((file) => file.startsWith(PRODUCERS))).toBe(false);
  });

  it('no queue.add outside libs/queues', () => {
    const adds = files.flatMap((file) =>
      queueAdds(relative(ROOT, join(ROOT, file)), readFileSync(join(ROOT, file), 'utf8')),
    );
    expect(adds).toEqual([]);
  });

  it('catches an add on an injected, typed or fetched queue, or with a JobName; not on a Set', () => {
    const sample = [
      "import { InjectQueue, getQueueToken } from '@nestjs/bull';",
      "import type { Queue } from 'bull';",
      'class A {',
      '  constructor(@InjectQueue(QueueName.Import) private readonly q: Queue, @InjectQueue(QueueName.Import) private readonly untyped) {}',
      '  private readonly seen = new Set<number>();',
      '  async run(other: Queue<Job>) {',
      "    await this.q.add(JobName.ProcessImport, { importId: 1 }, { jobId: 'x' });",
      "    await this.untyped.add('process-import', {});",
      '    await other.add({ importId: 1 });',
      '    this.seen.add(1);',
      '    const fetched = app.get(getQueueToken(QueueName.Import));',
      '    await fetched.add({});',
      '    await app.get<Queue>(getQueueToken(QueueName.Import)).add({});',
      '    await somewhere.add(JobName.BuildTemplate, {});',
      '  }',
      '}',
    ].join('\n');
    expect(queueAdds('sample.ts', sample)).toEqual([
      "sample.ts:7: this.q.add(JobName.ProcessImport, { importId: 1 }, { jobId: 'x' })",
      "sample.ts:8: this.untyped.add('process-import', {})",
      'sample.ts:9: other.add({ importId: 1 })',
      'sample.ts:12: fetched.add({})',
      'sample.ts:13: app.get<Queue>(getQueueToken(QueueName.Import)).add({})',
      'sample.ts:14: somewhere.add(JobName.BuildTemplate, {})',
    ]);
  });
});
