/**
 * Flags of the kafka logger beyond osquery's own (logger_kafka_brokers, logger_kafka_topic, logger_kafka_acks,
 * logger_kafka_compression, tls_server_certs, tls_client_cert, tls_client_key come from osquery-flags.json).
 * The daemon registers them with `flags.define` for each entry (kind OSPREY_FLAG).
 */
import type { FlagDefinition } from '../../flags/flags.js';

export const KAFKA_LOGGER_FLAGS: readonly FlagDefinition[] = [
  {
    name: 'logger_kafka_value_format',
    type: 'string',
    default: 'avro',
    kind: 'OSPREY_FLAG',
    description: 'Kafka message values: avro (result_event per row, Confluent framing) or json (osquery lines)',
  },
  {
    name: 'logger_kafka_linger_ms',
    type: 'uint32',
    default: '50',
    kind: 'OSPREY_FLAG',
    description: 'Most ms a record waits to be batched before it is produced',
  },
  {
    name: 'logger_kafka_batch_size',
    type: 'uint32',
    default: '1000',
    kind: 'OSPREY_FLAG',
    description: 'Most messages in one produce request',
  },
  {
    name: 'logger_kafka_idempotence',
    type: 'bool',
    default: 'true',
    kind: 'OSPREY_FLAG',
    description:
      'Idempotent producer (turn off only for brokers without InitProducerId, such as the librdkafka mock cluster)',
  },
  {
    name: 'osprey_schema_registry_url',
    type: 'string',
    default: '',
    kind: 'OSPREY_FLAG',
    description: 'Confluent Schema Registry URL; empty = ids from schemas/registry.json',
  },
  {
    name: 'logger_kafka_sasl_mechanism',
    type: 'string',
    default: '',
    kind: 'OSPREY_FLAG',
    description: 'SASL mechanism: plain, scram-sha-256 or scram-sha-512 (empty = none)',
  },
  {
    name: 'logger_kafka_sasl_username',
    type: 'string',
    default: '',
    kind: 'OSPREY_FLAG',
    description: 'SASL user name',
  },
  {
    name: 'logger_kafka_sasl_password_env',
    type: 'string',
    default: 'OSPREY_KAFKA_PASSWORD',
    kind: 'OSPREY_FLAG',
    description: 'Environment variable holding the SASL password (never a flag value)',
  },
];
