/** osquery's `carbon_black_info` table (spec specs/carbon_black_info.table, implementation carbon_black@genCarbonBlackInfo). */
import { col, defineTable } from '../../engine/spec.js';
import { genCarbonBlackInfo } from './carbon_black_info.js';

export default defineTable({
  name: 'carbon_black_info',
  description: 'Returns info about a Carbon Black sensor install.',
  platforms: ['linux', 'darwin', 'windows'],
  columns: [
    col('sensor_id', 'INTEGER', 'Sensor ID of the Carbon Black sensor'),
    col('config_name', 'TEXT', 'Sensor group'),
    col(
      'collect_store_files',
      'INTEGER',
      'If the sensor is configured to send back binaries to the Carbon Black server',
    ),
    col('collect_module_loads', 'INTEGER', 'If the sensor is configured to capture module loads'),
    col('collect_module_info', 'INTEGER', 'If the sensor is configured to collect metadata of binaries'),
    col('collect_file_mods', 'INTEGER', 'If the sensor is configured to collect file modification events'),
    col('collect_reg_mods', 'INTEGER', 'If the sensor is configured to collect registry modification events'),
    col('collect_net_conns', 'INTEGER', 'If the sensor is configured to collect network connections'),
    col('collect_processes', 'INTEGER', 'If the sensor is configured to process events'),
    col('collect_cross_processes', 'INTEGER', 'If the sensor is configured to cross process events'),
    col('collect_emet_events', 'INTEGER', 'If the sensor is configured to EMET events'),
    col('collect_data_file_writes', 'INTEGER', 'If the sensor is configured to collect non binary file writes'),
    col('collect_process_user_context', 'INTEGER', 'If the sensor is configured to collect the user running a process'),
    col('collect_sensor_operations', 'INTEGER', 'Unknown'),
    col('log_file_disk_quota_mb', 'INTEGER', 'Event file disk quota in MB'),
    col('log_file_disk_quota_percentage', 'INTEGER', 'Event file disk quota in a percentage'),
    col('protection_disabled', 'INTEGER', 'If the sensor is configured to report tamper events'),
    col('sensor_ip_addr', 'TEXT', 'IP address of the sensor'),
    col('sensor_backend_server', 'TEXT', 'Carbon Black server'),
    col('event_queue', 'INTEGER', 'Size in bytes of Carbon Black event files on disk'),
    col('binary_queue', 'INTEGER', 'Size in bytes of binaries waiting to be sent to Carbon Black server'),
  ],
  aliases: ['cb_info'],
  generate: (ctx) => genCarbonBlackInfo(ctx),
});
