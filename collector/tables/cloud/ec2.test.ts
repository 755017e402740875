import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fromRoot } from '../../../common/paths.js';
import { waitFor } from '../../../test/helpers/wait.js';
import { createQueryContext } from '../../engine/context.js';
import { isEc2Instance } from './ec2-metadata.js';
import { genEc2InstanceMetadata } from './ec2_instance_metadata.js';
import { genEc2InstanceTags } from './ec2_instance_tags.js';

interface FakeImds {
  endpoint: string;
  requests: string[];
  process: ChildProcess;
}

async function startFakeImds(mode: 'v1' | 'v2'): Promise<FakeImds> {
  const child = spawn(process.execPath, [fromRoot('collector/tables/cloud/fixtures/fake-imds.mjs'), mode], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const requests: string[] = [];
  child.stderr?.on('data', (d: Buffer) => requests.push(...d.toString().trim().split('\n')));
  const [port] = (await once(child.stdout ?? child, 'data')) as [Buffer];
  return { endpoint: `http://127.0.0.1:${port.toString().trim()}`, requests, process: child };
}

function contextWith(table: string, flagValues: Record<string, string>) {
  const skipped: string[] = [];
  const flags = { get: (name: string) => flagValues[name], list: () => [] };
  return { ctx: createQueryContext({ table, services: { flags }, errors: { skip: (r) => skipped.push(r) } }), skipped };
}

describe('ec2_instance_metadata and ec2_instance_tags', () => {
  let v2: FakeImds;
  let v1: FakeImds;
  before(async () => {
    [v2, v1] = await Promise.all([startFakeImds('v2'), startFakeImds('v1')]);
  });
  after(() => {
    v2.process.kill();
    v1.process.kill();
  });

  it('describes the instance from IMDSv2, with the session token on every request', async () => {
    const { ctx, skipped } = contextWith('ec2_instance_metadata', { ec2_metadata_endpoint: v2.endpoint });
    assert.deepEqual(genEc2InstanceMetadata(ctx), [
      {
        instance_id: 'i-0123456789abcdef0',
        instance_type: 't3.micro',
        local_ipv4: '10.0.1.23',
        availability_zone: 'eu-west-1b',
        region: 'eu-west-1',
        account_id: '123456789012',
        architecture: 'x86_64',
        ami_id: 'ami-0abcdef1234567890',
        iam_arn: 'arn:aws:iam::123456789012:instance-profile/web',
        mac: '0a:1b:2c:3d:4e:5f',
        local_hostname: 'ip-10-0-1-23.eu-west-1.compute.internal',
        ssh_public_key: undefined,
        reservation_id: 'r-0fedcba9876543210',
        security_groups: 'web,ssh-admin',
      },
    ]);
    assert.deepEqual(skipped, []);
    // The fake logs each request on stderr, read once this thread is free again: wait for all seven GETs.
    const gets = await waitFor('the fake IMDS to log seven GETs', () => {
      const seen = v2.requests.filter((r) => r.startsWith('GET '));
      return seen.length >= 7 && seen;
    });
    assert.ok(
      gets.every((r) => r.endsWith(' fake-token-123')),
      gets.join('\n'),
    );
  });

  it('falls back to IMDSv1, unless the fallback is disabled', () => {
    const fallback = contextWith('ec2_instance_metadata', { ec2_metadata_endpoint: v1.endpoint });
    assert.equal(genEc2InstanceMetadata(fallback.ctx)[0]?.instance_id, 'i-0123456789abcdef0');
    const strict = contextWith('ec2_instance_metadata', {
      ec2_metadata_endpoint: v1.endpoint,
      aws_disable_imdsv1_fallback: 'true',
    });
    assert.deepEqual(genEc2InstanceMetadata(strict.ctx), []);
    assert.equal(strict.skipped.length, 1);
  });

  it('lists the instance tags from the metadata service', () => {
    const { ctx } = contextWith('ec2_instance_tags', { ec2_metadata_endpoint: v2.endpoint });
    assert.deepEqual(genEc2InstanceTags(ctx), [
      { instance_id: 'i-0123456789abcdef0', key: 'Name', value: 'web-1' },
      { instance_id: 'i-0123456789abcdef0', key: 'team', value: 'blue' },
    ]);
  });

  it('asks nothing and answers no rows off EC2', () => {
    if (isEc2Instance()) return; // only meaningful where this test host is not an EC2 instance
    const { ctx, skipped } = contextWith('ec2_instance_metadata', {});
    assert.deepEqual(genEc2InstanceMetadata(ctx), []);
    assert.deepEqual(genEc2InstanceTags(contextWith('ec2_instance_tags', {}).ctx), []);
    assert.deepEqual(skipped, []);
  });

  it('tells EC2 from its hypervisor uuid or DMI vendor', (t) => {
    const sys = mkdtempSync(join(tmpdir(), 'osprey-sys-'));
    t.after(() => rmSync(sys, { recursive: true, force: true }));
    assert.equal(isEc2Instance(sys), false);
    mkdirSync(join(sys, 'class/dmi/id'), { recursive: true });
    writeFileSync(join(sys, 'class/dmi/id/board_vendor'), 'Amazon EC2\n');
    assert.equal(isEc2Instance(sys), true);
  });
});
