import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { SECRET_SETTINGS } from '@app/common';

/**
 * The deployment files are not run by the tests (no Docker or cluster here): read as YAML, they must hold what
 * README's "Running on several machines" says they do.
 */
const root = join(__dirname, '../..');
const KUBE = join(root, 'deploy/kubernetes');
const IMAGE = 'contact-mass-update:0.1.0';
const settings = new Set(
  readFileSync(join(root, '.env.example'), 'utf8')
    .split('\n')
    .map((line) => /^([A-Z0-9_]+)=/.exec(line)?.[1])
    .filter(Boolean),
);

type Doc = Record<string, any>;

const manifests: Doc[] = readdirSync(KUBE)
  .filter((name) => name.endsWith('.yaml') && name !== 'kustomization.yaml')
  .flatMap((name) =>
    parseAllDocuments(readFileSync(join(KUBE, name), 'utf8')).map((doc) => {
      expect(doc.errors).toEqual([]);
      return { ...(doc.toJS() as Doc), file: name };
    }),
  );
const ofKind = (kind: string) => manifests.filter((doc) => doc.kind === kind);
const deployment = (name: string) => ofKind('Deployment').find((doc) => doc.metadata.name === name) as Doc;
const container = (doc: Doc) => doc.spec.template.spec.containers[0];
const env = (doc: Doc) => Object.fromEntries((container(doc).env ?? []).map((e: Doc) => [e.name, e.value]));
const heapMb = (doc: Doc) => Number(/--max-old-space-size=(\d+)/.exec(container(doc).command.join(' '))?.[1]);
const mi = (quantity: string) => Number(/^(\d+)Mi$/.exec(quantity)?.[1]);

describe('deploy/kubernetes', () => {
  it('holds every manifest kustomization lists, of the expected kinds', () => {
    const kustomization = parse(readFileSync(join(KUBE, 'kustomization.yaml'), 'utf8'));
    expect([...kustomization.resources].sort()).toEqual([...new Set(manifests.map((doc) => doc.file))].sort());
    expect(new Set(manifests.map((doc) => doc.kind))).toEqual(
      new Set(['ConfigMap', 'Secret', 'Job', 'Deployment', 'Service']),
    );
    for (const doc of manifests) expect(doc.metadata.name).toMatch(/^[a-z0-9-]+$/);
  });

  it('a Deployment per app and role, from the image, probed on /health, limited, configured from the ConfigMap and Secret', () => {
    const names = ofKind('Deployment').map((doc) => doc.metadata.name);
    expect(names.sort()).toEqual(
      [
        'targets',
        'template-export-api',
        'template-export-worker',
        'import-api',
        'import-worker',
        'notifications-api',
        'notifications-worker',
      ].sort(),
    );
    for (const doc of ofKind('Deployment')) {
      const spec = container(doc);
      expect(spec.image).toBe(IMAGE);
      expect(doc.spec.selector.matchLabels).toEqual(doc.spec.template.metadata.labels);
      const port = spec.ports.find((p: Doc) => p.name === 'http');
      expect(port.containerPort).toBeGreaterThan(0);
      for (const probe of [spec.readinessProbe, spec.livenessProbe])
        expect(probe.httpGet).toEqual({ path: '/health', port: 'http' });
      expect(mi(spec.resources.limits.memory)).toBeGreaterThanOrEqual(mi(spec.resources.requests.memory));
      expect(spec.envFrom).toEqual([{ configMapRef: { name: 'cmu-config' } }, { secretRef: { name: 'cmu-secrets' } }]);
      const role = doc.metadata.name.replace(/^.*-(api|worker)$|^targets$/, '$1');
      expect(env(doc).APP_ROLE).toBe(role || undefined);
      // The scratch directory of the ConfigMap, on the pod's own disk.
      expect(spec.volumeMounts).toContainEqual({ name: 'scratch', mountPath: '/scratch' });
    }
  });

  it('the workers run as replicas with memory limits matching their heap caps', () => {
    for (const name of ['import-worker', 'template-export-worker', 'notifications-worker'])
      expect(deployment(name).spec.replicas).toBeGreaterThanOrEqual(2);
    expect(heapMb(deployment('import-worker'))).toBe(128);
    expect(container(deployment('import-worker')).resources.limits.memory).toBe('256Mi');
    expect(heapMb(deployment('template-export-worker'))).toBe(192);
    expect(container(deployment('template-export-worker')).resources.limits.memory).toBe('320Mi');
    for (const doc of ofKind('Deployment').filter((d) => heapMb(d)))
      expect(mi(container(doc).resources.limits.memory)).toBeGreaterThan(heapMb(doc));
  });

  it('a Service per API app, selecting its api pods by port name', () => {
    const services = ofKind('Service');
    expect(services.map((doc) => doc.metadata.name).sort()).toEqual(
      ['import', 'notifications', 'targets', 'template-export'].sort(),
    );
    for (const service of services) {
      const selected = ofKind('Deployment').filter((doc) =>
        Object.entries(service.spec.selector).every(([key, value]) => doc.spec.template.metadata.labels[key] === value),
      );
      expect(selected.map((doc) => doc.metadata.name)).toEqual([
        service.metadata.name === 'targets' ? 'targets' : `${service.metadata.name}-api`,
      ]);
      expect(service.spec.ports).toEqual([
        { name: 'http', port: container(selected[0]).ports[0].containerPort, targetPort: 'http' },
      ]);
    }
  });

  it('a Job runs the migrations; the ConfigMap and Secret hold known settings, the Secret every secret', () => {
    const [job] = ofKind('Job');
    expect(container({ spec: job.spec }).command).toEqual(['node', 'dist/scripts/migrate.js']);
    expect(container({ spec: job.spec }).image).toBe(IMAGE);
    const [config] = ofKind('ConfigMap');
    const [secret] = ofKind('Secret');
    for (const key of [...Object.keys(config.data), ...Object.keys(secret.stringData)]) expect(settings).toContain(key);
    expect(Object.keys(secret.stringData)).toEqual(
      expect.arrayContaining([...SECRET_SETTINGS, 'DATABASE_URL', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY']),
    );
    for (const key of SECRET_SETTINGS) expect(Object.keys(config.data)).not.toContain(key);
    expect(config.data.STORAGE_URL).toMatch(/^s3:\/\//);
  });
});

describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as Doc;
  const services = compose.services as Record<string, Doc>;
  const apps = Object.entries(services).filter(([, service]) => service.image === 'contact-mass-update');
  const hostPorts = Object.values(services).flatMap((service) =>
    (service.ports ?? []).map((port: string) => String(port).split(':')[0]),
  );

  it('publishes no host port twice, and no app but through the proxy', () => {
    expect(hostPorts.length).toBe(new Set(hostPorts).size);
    for (const [name, service] of apps) expect([name, service.ports]).toEqual([name, undefined]);
    expect(services.proxy.ports).toEqual(['3001:3001', '3002:3002', '3003:3003', '3004:3004']);
  });

  it('the proxy sends each port to its API service, with the committed nginx.conf', () => {
    expect(services.proxy.image).toMatch(/^nginx:/);
    const [source] = services.proxy.volumes[0].split(':');
    expect(existsSync(join(root, source))).toBe(true);
    const conf = readFileSync(join(root, source), 'utf8');
    const routes = [...conf.matchAll(/listen (\d+);\s*location \/ \{\s*set \$app http:\/\/([a-z-]+):(\d+);/g)].map(
      ([, port, host, target]) => [port, host, target],
    );
    expect(routes).toEqual([
      ['3001', 'targets', '3001'],
      ['3002', 'template-export-api', '3002'],
      ['3003', 'import-api', '3003'],
      ['3004', 'notifications', '3004'],
    ]);
    for (const [, host] of routes) expect(Object.keys(services)).toContain(host);
  });

  it('runs the apps with the s3 driver on MinIO, its bucket made first, and two workers of the import and the export', () => {
    expect(services.minio.image).toMatch(/^minio\/minio/);
    expect(services['minio-bucket'].image).toMatch(/^minio\/mc/);
    expect(services['minio-bucket'].entrypoint.join(' ')).toContain(
      'mc mb --ignore-existing minio/contact-mass-update',
    );
    for (const [name, service] of apps) {
      if (name === 'migrate') continue;
      expect(service.environment.STORAGE_URL).toBe('s3://contact-mass-update/files');
      expect(service.environment.S3_ENDPOINT).toBe('http://minio:9000');
      expect(service.depends_on['minio-bucket']).toEqual({ condition: 'service_completed_successfully' });
    }
    for (const app of ['import', 'template-export']) {
      expect(services[`${app}-worker`].environment.APP_ROLE).toBe('worker');
      expect(services[`${app}-worker`].deploy.replicas).toBe(2);
      expect(services[`${app}-api`].environment.APP_ROLE).toBe('api');
    }
  });

  it('takes every secret from .env, refusing to start without it', () => {
    const text = readFileSync(join(root, 'docker-compose.yml'), 'utf8');
    for (const key of [...SECRET_SETTINGS, 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'])
      expect(text).toMatch(new RegExp(`${key}: \\$\\{${key}:\\?set ${key} in \\.env`));
  });
});
