import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { genCarbonBlackInfo } from './carbon_black_info.js';
import { appsContext } from './testing.js';

describe('carbon_black_info', () => {
  const root = mkdtempSync(join(tmpdir(), 'osprey-cb-'));
  after(() => rmSync(root, { recursive: true, force: true }));

  it('has no rows without /var/lib/cb', () => {
    assert.deepEqual(genCarbonBlackInfo(appsContext('carbon_black_info'), root), []);
  });

  it("reads the sensor id, the [CB] settings and the queue sizes as osquery's POSIX reader", () => {
    const cb = join(root, 'var/lib/cb');
    mkdirSync(join(cb, 'store'), { recursive: true });
    // sensor.id and sensorsettings.ini in the layout the Carbon Black Linux sensor (CbR 6.x) writes.
    writeFileSync(join(cb, 'sensor.id'), '00000000-00000a3f'.slice(0, 16));
    writeFileSync(
      join(cb, 'sensorsettings.ini'),
      [
        '[CB]',
        'ConfigName=Default%20Group',
        'CollectStoreFiles=1',
        'CollectModuleLoads=0',
        'CollectModuleInfo=1',
        'CollectFileMods=1',
        'CollectNetConns=1',
        'CollectProcesses=1',
        'CollectCrossProcess=0',
        'SensorBackendServer=https%3A//cb.example.test%3A443',
        '',
      ].join('\n'),
    );
    writeFileSync(join(cb, 'store', 'filedata'), Buffer.alloc(100));
    writeFileSync(join(cb, 'store', 'metadata'), Buffer.alloc(20));
    writeFileSync(join(cb, 'events.0'), Buffer.alloc(7));
    writeFileSync(join(cb, 'events'), Buffer.alloc(3));
    assert.deepEqual(genCarbonBlackInfo(appsContext('carbon_black_info'), root), [
      {
        sensor_id: 0xa3,
        config_name: 'Default Group',
        collect_store_files: 1,
        collect_module_loads: 0,
        collect_module_info: 1,
        collect_file_mods: 1,
        collect_reg_mods: -1,
        collect_net_conns: 1,
        collect_cross_processes: 0,
        collect_emet_events: -1,
        sensor_backend_server: 'https://cb.example.test:443',
        collect_data_file_writes: 0,
        collect_processes: 0,
        collect_sensor_operations: 0,
        log_file_disk_quota_mb: 0,
        log_file_disk_quota_percentage: 0,
        protection_disabled: 0,
        collect_process_user_context: 0,
        sensor_ip_addr: '',
        binary_queue: 120,
        event_queue: 10,
      },
    ]);
  });
});
