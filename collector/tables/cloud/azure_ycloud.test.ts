import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { fromRoot } from '../../../common/paths.js';
import { createQueryContext } from '../../engine/context.js';
import type { Constraint } from '../../engine/spec.js';
import { fetchAzureCompute } from './azure-metadata.js';
import { genAzureInstanceMetadata } from './azure_instance_metadata.js';
import { genAzureInstanceTags } from './azure_instance_tags.js';
import { genYCloudInstanceMetadata, isYCloudInstance } from './ycloud_instance_metadata.js';

function contextWith(table: string, flagValues: Record<string, string>, constraints: Constraint[] = []) {
  const skipped: string[] = [];
  const flags = { get: (name: string) => flagValues[name], list: () => [] };
  return {
    ctx: createQueryContext({ table, constraints, services: { flags }, errors: { skip: (r) => skipped.push(r) } }),
    skipped,
  };
}

describe('azure and ycloud metadata tables', () => {
  let server: ChildProcess;
  let endpoint: string;
  const requests: string[] = [];
  before(async () => {
    server = spawn(process.execPath, [fromRoot('collector/tables/cloud/fixtures/fake-cloud-metadata.mjs')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stderr?.on('data', (d: Buffer) => requests.push(...d.toString().trim().split('\n')));
    const [port] = (await once(server.stdout ?? server, 'data')) as [Buffer];
    endpoint = `http://127.0.0.1:${port.toString().trim()}`;
  });
  after(() => server.kill());

  it('azure_instance_metadata: one row from the compute document, asked with the Metadata header', () => {
    const { ctx, skipped } = contextWith('azure_instance_metadata', { azure_metadata_endpoint: endpoint });
    assert.deepEqual(genAzureInstanceMetadata(ctx), [
      {
        location: 'westeurope',
        name: 'web-vm-1',
        offer: 'UbuntuServer',
        publisher: 'Canonical',
        sku: '18.04-LTS',
        version: '18.04.201804262',
        os_type: 'Linux',
        platform_update_domain: '0',
        platform_fault_domain: '1',
        vm_id: '13f56399-bd52-4150-9748-7190aae1ff21',
        vm_size: 'Standard_D2s_v3',
        subscription_id: '8d10da13-8125-4ba9-a717-bf7490507b3d',
        resource_group_name: 'rg-web',
        placement_group_id: '',
        vm_scale_set_name: '',
        zone: '2',
      },
    ]);
    assert.deepEqual(skipped, []);
  });

  it('azure_instance_tags: tags split at ; and at the first :, a piece without : skipped', () => {
    const { ctx } = contextWith('azure_instance_tags', { azure_metadata_endpoint: endpoint });
    const vm = '13f56399-bd52-4150-9748-7190aae1ff21';
    assert.deepEqual(genAzureInstanceTags(ctx), [
      { vm_id: vm, key: 'env', value: 'prod' },
      { vm_id: vm, key: 'owner', value: 'team:web' },
    ]);
  });

  it('ycloud_instance_metadata: one row per endpoint, from a metadata_endpoint constraint or the flag', () => {
    const expected = {
      instance_id: 'fhm1a2b3c4d5e6f7g8h9',
      folder_id: 'b1gfolder123',
      cloud_id: 'b1gcloud456',
      name: 'ycloud-vm',
      description: 'test VM',
      hostname: 'ycloud-vm.ru-central1.internal',
      zone: 'ru-central1-a',
      ssh_public_key: 'ubuntu:ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample ubuntu',
      serial_port_enabled: '1',
      metadata_endpoint: endpoint,
    };
    const byConstraint = contextWith('ycloud_instance_metadata', {}, [
      { column: 'metadata_endpoint', op: '=', value: endpoint },
    ]);
    assert.deepEqual(genYCloudInstanceMetadata(byConstraint.ctx), [expected]);
    const byFlag = contextWith('ycloud_instance_metadata', { ycloud_metadata_endpoint: endpoint });
    assert.deepEqual(genYCloudInstanceMetadata(byFlag.ctx), [expected]);
    // The fake answers only requests carrying Metadata-Flavor: Google, so the rows show the header was sent.
  });

  it('off the cloud and without an endpoint flag: no rows, and no failed request counted', (t) => {
    const azure = contextWith('azure_instance_metadata', {});
    assert.equal(fetchAzureCompute(azure.ctx, '/nonexistent/waagent.log'), null);
    assert.deepEqual(azure.skipped, []);
    if (isYCloudInstance()) return t.skip('this host is on Yandex.Cloud');
    const ycloud = contextWith('ycloud_instance_metadata', {});
    assert.deepEqual(genYCloudInstanceMetadata(ycloud.ctx), []);
    assert.deepEqual(ycloud.skipped, []);
  });

  it('a service that fails gives no rows and counts the failure', () => {
    const { ctx, skipped } = contextWith('ycloud_instance_metadata', {}, [
      { column: 'metadata_endpoint', op: '=', value: `${endpoint}/nowhere` },
    ]);
    assert.deepEqual(genYCloudInstanceMetadata(ctx), []);
    assert.equal(skipped.length, 1);
  });
});
