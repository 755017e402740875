/** osquery's `ec2_instance_metadata` table (spec specs/ec2_instance_metadata.table, implementation cloud/ec2_metadata@genEc2Metadata). */
import { col, defineTable } from '../../engine/spec.js';
import { genEc2InstanceMetadata } from './ec2_instance_metadata.js';

export default defineTable({
  name: 'ec2_instance_metadata',
  description: 'EC2 instance metadata.',
  platforms: ['linux', 'darwin', 'windows'],
  columns: [
    col('instance_id', 'TEXT', 'EC2 instance ID'),
    col('instance_type', 'TEXT', 'EC2 instance type'),
    col('architecture', 'TEXT', 'Hardware architecture of this EC2 instance'),
    col('region', 'TEXT', 'AWS region in which this instance launched'),
    col('availability_zone', 'TEXT', 'Availability zone in which this instance launched'),
    col('local_hostname', 'TEXT', 'Private IPv4 DNS hostname of the first interface of this instance'),
    col('local_ipv4', 'TEXT', 'Private IPv4 address of the first interface of this instance'),
    col('mac', 'TEXT', 'MAC address for the first network interface of this EC2 instance'),
    col('security_groups', 'TEXT', 'Comma separated list of security group names'),
    col('iam_arn', 'TEXT', 'If there is an IAM role associated with the instance, contains instance profile ARN'),
    col('ami_id', 'TEXT', 'AMI ID used to launch this EC2 instance'),
    col('reservation_id', 'TEXT', 'ID of the reservation'),
    col('account_id', 'TEXT', 'AWS account ID which owns this EC2 instance'),
    col('ssh_public_key', 'TEXT', 'SSH public key. Only available if supplied at instance launch time'),
  ],
  generate: genEc2InstanceMetadata,
});
