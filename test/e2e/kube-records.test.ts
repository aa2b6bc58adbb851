/**
 * `zonekeeper run` against a live (test) Kubernetes API server, once with the local provider (answers
 * checked by real DNS queries) and once with the Route53 emulator: every source kind publishes its
 * records with ownership TXT, status changes and deletes follow, Events and DNSEndpoint status report it.
 */
import assert from 'node:assert/strict';
import { promises as dns } from 'node:dns';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort } from './cli-process.ts';
import {
  dnsEndpoint,
  eventsAbout,
  gateway,
  httpRoute,
  ingress,
  lbService,
  NS,
  ownerTxt,
  setServiceIp,
  startCluster,
  startController,
  startRoute53,
  until,
  virtualServer,
  zoneLines,
  zoneRecords,
  type Cluster,
  type ControllerProcess,
  type Route53,
} from './kube-support.ts';

const OWNER = 'e2e-records';
const WAIT_MS = 10_000;

/** What the DNS side shows for a name: A targets and TXT strings, each sorted; [] when absent. */
type View = Readonly<{ a: (name: string) => Promise<string[]>; txt: (name: string) => Promise<string[]> }>;

type Setup = Readonly<{ cluster: Cluster; controller: ControllerProcess; view: View; describeState: () => Promise<string> }>;

const EXPECTED: Readonly<Record<string, Readonly<{ ip: string; resource: string }>>> = {
  'web.example.com': { ip: '192.0.2.10', resource: `service/${NS}/web` },
  'ing.example.com': { ip: '192.0.2.20', resource: `ingress/${NS}/ing` },
  'route.example.com': { ip: '203.0.113.5', resource: `httproute/${NS}/route` },
  'vs.example.com': { ip: '192.0.2.30', resource: `virtualserver/${NS}/vs` },
  'crd.example.com': { ip: '192.0.2.40', resource: `crd/${NS}/dnsep` },
};

/** The same scenario against either provider; `setup` runs once in `before`. */
function scenario(setup: () => Promise<Setup>, teardown: () => Promise<void>): void {
  let s: Setup;
  before(async () => {
    s = await setup();
  });
  after(teardown);
  const settle = async (what: string, probe: () => Promise<boolean>): Promise<void> => {
    await until(what, probe, WAIT_MS, () => s.controller.output(), 100).catch(async (error: unknown) => {
      throw new Error(`${(error as Error).message}\nDNS state:\n${await s.describeState()}`);
    });
  };

  it('publishes a Service, an Ingress, an HTTPRoute, a VirtualServer and a DNSEndpoint with ownership TXT', async () => {
    const api = s.cluster.api;
    api.store.create(lbService('web', 'web.example.com', '192.0.2.10'));
    api.store.create(ingress('ing', 'ing.example.com', '192.0.2.20'));
    api.store.create(gateway('gw', '203.0.113.5'));
    api.store.create(httpRoute('route', 'route.example.com', 'gw'));
    api.store.create(virtualServer('vs', 'vs.example.com', '192.0.2.30'));
    api.store.create(dnsEndpoint('dnsep', [{ dnsName: 'crd.example.com', recordType: 'A', targets: ['192.0.2.40'] }]));
    await settle('every object\'s A record', async () => {
      for (const [name, want] of Object.entries(EXPECTED)) if (JSON.stringify(await s.view.a(name)) !== JSON.stringify([want.ip])) return false;
      return true;
    });
    for (const [name, want] of Object.entries(EXPECTED)) {
      assert.deepEqual(await s.view.txt(`a-${name}`), [ownerTxt(OWNER, want.resource, false)], `ownership TXT of ${name}`);
    }
  });

  it('follows a change of the Service\'s load balancer status', async () => {
    setServiceIp(s.cluster.api, 'web', '192.0.2.11');
    await settle('web.example.com -> 192.0.2.11', async () => JSON.stringify(await s.view.a('web.example.com')) === '["192.0.2.11"]');
    assert.deepEqual(await s.view.a('ing.example.com'), ['192.0.2.20'], 'other records stay');
  });

  it('follows a DNSEndpoint spec change and reports observedGeneration and Ready in its status', async () => {
    const api = s.cluster.api;
    const ref = { apiVersion: 'externaldns.k8s.io/v1alpha1', kind: 'DNSEndpoint', namespace: NS, name: 'dnsep' };
    api.store.patch(ref, { spec: { endpoints: [{ dnsName: 'crd.example.com', recordType: 'A', targets: ['192.0.2.41'] }] } });
    await settle('crd.example.com -> 192.0.2.41', async () => JSON.stringify(await s.view.a('crd.example.com')) === '["192.0.2.41"]');
    type Status = { observedGeneration?: number; conditions?: { type: string; status: string; reason: string }[] };
    const status = (): Status => (api.store.get(ref) as { status?: Status } | undefined)?.status ?? {};
    await until('DNSEndpoint status at generation 2', () => status().observedGeneration === 2 && status().conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true, WAIT_MS, () => JSON.stringify(api.store.get(ref), null, 1));
    assert.equal(api.store.get(ref)?.metadata.generation, 2);
    assert.deepEqual(status().conditions?.find((c) => c.type === 'Ready')?.reason, 'Programmed');
  });

  it('removes an object\'s records and ownership TXT when it is deleted, and only those', async () => {
    s.cluster.api.store.delete({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', namespace: NS, name: 'ing' });
    await settle('ing.example.com gone', async () => (await s.view.a('ing.example.com')).length === 0 && (await s.view.txt('a-ing.example.com')).length === 0);
    assert.deepEqual(await s.view.a('vs.example.com'), ['192.0.2.30']);
    assert.deepEqual(await s.view.txt('a-vs.example.com'), [ownerTxt(OWNER, `virtualserver/${NS}/vs`, false)]);
  });

  it('tells each object what happened to its records in events.k8s.io/v1 Events', async () => {
    const api = s.cluster.api;
    const has = (kind: string, name: string, reason: string, text: string) => () => eventsAbout(api, kind, name).some((e) => e.startsWith(`${reason}:`) && e.includes(text));
    const detail = (kind: string, name: string) => () => eventsAbout(api, kind, name).join('\n');
    await until('RecordCreated and RecordUpdated on Service web', () => has('Service', 'web', 'RecordCreated', '192.0.2.10')() && has('Service', 'web', 'RecordUpdated', '192.0.2.11')(), WAIT_MS, detail('Service', 'web'));
    await until('RecordCreated and RecordDeleted on Ingress ing', () => has('Ingress', 'ing', 'RecordCreated', 'ing.example.com')() && has('Ingress', 'ing', 'RecordDeleted', 'ing.example.com')(), WAIT_MS, detail('Ingress', 'ing'));
    for (const [kind, name, host] of [['HTTPRoute', 'route', 'route.example.com'], ['VirtualServer', 'vs', 'vs.example.com'], ['DNSEndpoint', 'dnsep', 'crd.example.com']] as const) {
      await until(`RecordCreated on ${kind} ${name}`, has(kind, name, 'RecordCreated', host), WAIT_MS, detail(kind, name));
    }
    const event = api.store.list('events.k8s.io/v1', 'Event', { namespace: NS }).find((e) => (e as { reason?: string }).reason === 'RecordUpdated');
    assert.equal((event as { reportingController?: string } | undefined)?.reportingController, 'zonekeeper');
    assert.equal((event as { type?: string } | undefined)?.type, 'Normal');
  });
}

async function nameState(view: View): Promise<string> {
  const lines: string[] = [];
  for (const name of Object.keys(EXPECTED)) lines.push(`${name} A ${JSON.stringify(await view.a(name))} TXT ${JSON.stringify(await view.txt(`a-${name}`))}`);
  return lines.join('\n');
}

void describe('zonekeeper run with live sources and the local provider (real DNS answers)', () => {
  let dir: string;
  let cluster: Cluster | undefined;
  let controller: ControllerProcess | undefined;
  scenario(
    async () => {
      dir = mkdtempSync(join(tmpdir(), 'zk-kube-local-'));
      cluster = await startCluster(dir, 'local');
      const dnsPort = await freePort();
      controller = await startController({ cluster, ownerId: OWNER, name: 'local-a', provider: { kind: 'local', zoneDir: join(dir, 'zones'), dnsPort } });
      await controller.waitReady(15_000);
      const resolver = new dns.Resolver({ timeout: 500, tries: 2 });
      resolver.setServers([`127.0.0.1:${dnsPort}`]);
      const absent = (error: unknown): string[] => {
        const code = (error as { code?: string }).code;
        if (code === 'ENOTFOUND' || code === 'ENODATA') return [];
        throw error;
      };
      const view: View = {
        a: async (name) => (await resolver.resolve4(name).catch(absent)).sort(),
        txt: async (name) => (await resolver.resolveTxt(name).catch(absent)).map((chunks) => (chunks as string[]).join('')).sort(),
      };
      return { cluster, controller, view, describeState: () => nameState(view) };
    },
    async () => {
      await controller?.stop();
      await cluster?.close();
      rmSync(dir, { recursive: true, force: true });
    },
  );
});

void describe('zonekeeper run with live sources and the Route53 emulator', () => {
  let dir: string;
  let cluster: Cluster | undefined;
  let controller: ControllerProcess | undefined;
  let route53: Route53 | undefined;
  scenario(
    async () => {
      dir = mkdtempSync(join(tmpdir(), 'zk-kube-aws-'));
      cluster = await startCluster(dir, 'aws');
      const r = await startRoute53();
      route53 = r;
      controller = await startController({ cluster, ownerId: OWNER, name: 'aws-a', provider: { kind: 'aws', route53: r, accessKeyId: 'AKIDRECORDSTEST' } });
      await controller.waitReady(15_000);
      const values = (name: string, type: string): string[] => zoneRecords(r).filter((z) => z.name === name && z.type === type).flatMap((z) => z.values);
      const view: View = {
        a: (name) => Promise.resolve(values(name, 'A').sort()),
        txt: (name) => Promise.resolve(values(name, 'TXT').map((v) => v.replace(/^"|"$/g, '')).sort()),
      };
      return { cluster, controller, view, describeState: () => Promise.resolve(zoneLines(r).join('\n')) };
    },
    async () => {
      await controller?.stop();
      const writes = route53?.batches.filter((b) => b.outcome === 'ok') ?? [];
      // Every write carried this controller's key: nothing else writes in this describe.
      assert.ok(writes.every((b) => b.accessKeyId === 'AKIDRECORDSTEST'), 'writes signed by the controller\'s key');
      await route53?.close();
      await cluster?.close();
      rmSync(dir, { recursive: true, force: true });
    },
  );
});
