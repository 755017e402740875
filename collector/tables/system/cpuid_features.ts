/**
 * osquery's cpuid feature list (osquery/tables/system/cpuid.cpp kCPUFeatures), in its order (leaf 1, 7,
 * 0x80000001), with the name Linux uses for the same bit in /proc/cpuinfo `flags` for the fallback.
 */
export interface CpuFeature {
  readonly leaf: number;
  readonly name: string;
  readonly register: 'eax' | 'ebx' | 'ecx' | 'edx';
  readonly bit: number;
  /** The /proc/cpuinfo flag for this bit, when Linux reports one. */
  readonly linuxFlag?: string;
}

type FeatureTuple = [number, string, CpuFeature['register'], number, string];
const f = (...[leaf, name, register, bit, linuxFlag]: FeatureTuple): CpuFeature => ({
  leaf,
  name,
  register,
  bit,
  linuxFlag,
});

export const CPU_FEATURES: readonly CpuFeature[] = [
  f(1, 'pae', 'edx', 6, 'pae'),
  f(1, 'msr', 'edx', 5, 'msr'),
  f(1, 'sep', 'edx', 11, 'sep'),
  f(1, 'mtrr', 'edx', 12, 'mtrr'),
  f(1, 'pge', 'edx', 13, 'pge'),
  f(1, 'mca', 'edx', 14, 'mca'),
  f(1, 'pat', 'edx', 16, 'pat'),
  f(1, 'clfsh', 'edx', 19, 'clflush'),
  f(1, 'acpi', 'edx', 22, 'acpi'),
  f(1, 'mmz', 'edx', 23, 'mmx'),
  f(1, 'sse', 'edx', 25, 'sse'),
  f(1, 'sse2', 'edx', 26, 'sse2'),
  f(1, 'ss', 'edx', 27, 'ss'),
  f(1, 'htt', 'edx', 28, 'ht'),
  f(1, 'ia64', 'edx', 30, 'ia64'),
  f(1, 'sse3', 'ecx', 0, 'pni'),
  f(1, 'vmx', 'ecx', 5, 'vmx'),
  f(1, 'smx', 'ecx', 6, 'smx'),
  f(1, 'ssse3', 'ecx', 9, 'ssse3'),
  f(1, 'sdbg', 'ecx', 11, 'sdbg'),
  f(1, 'pdcm', 'ecx', 15, 'pdcm'),
  f(1, 'pcid', 'ecx', 17, 'pcid'),
  f(1, 'dca', 'ecx', 18, 'dca'),
  f(1, 'sse4.1', 'ecx', 19, 'sse4_1'),
  f(1, 'sse4.2', 'ecx', 20, 'sse4_2'),
  f(1, 'aes', 'ecx', 25, 'aes'),
  f(1, 'avx', 'ecx', 28, 'avx'),
  f(1, 'hypervisor', 'ecx', 31, 'hypervisor'),
  f(7, 'sgx', 'ebx', 2, 'sgx'),
  f(7, 'hle', 'ebx', 4, 'hle'),
  f(7, 'avx2', 'ebx', 5, 'avx2'),
  f(7, 'smep', 'ebx', 7, 'smep'),
  f(7, 'bmi2', 'ebx', 8, 'bmi2'),
  f(7, 'erms', 'ebx', 9, 'erms'),
  f(7, 'invpcid', 'ebx', 10, 'invpcid'),
  f(7, 'rtm', 'ebx', 11, 'rtm'),
  f(7, 'pqm', 'ebx', 12, 'cqm'),
  f(7, 'mpx', 'ebx', 14, 'mpx'),
  f(7, 'pqe', 'ebx', 15, 'rdt_a'),
  f(7, 'avx512f', 'ebx', 16, 'avx512f'),
  f(7, 'avx512dq', 'ebx', 17, 'avx512dq'),
  f(7, 'rdseed', 'ebx', 18, 'rdseed'),
  f(7, 'adx', 'ebx', 19, 'adx'),
  f(7, 'smap', 'ebx', 20, 'smap'),
  f(7, 'intel_pt', 'ebx', 25, 'intel_pt'),
  f(7, 'sha', 'ebx', 29, 'sha_ni'),
  f(7, 'umip', 'ecx', 2, 'umip'),
  f(7, 'pku', 'ecx', 3, 'pku'),
  f(7, 'ospke', 'ecx', 4, 'ospke'),
  f(7, 'gfni', 'ecx', 8, 'gfni'),
  f(7, 'vaes', 'ecx', 9, 'vaes'),
  f(7, 'sgx_lc', 'ecx', 30, 'sgx_lc'),
  f(7, 'spec_ctrl', 'edx', 26, 'spec_ctrl'),
  f(0x80000001, 'svm', 'ecx', 2, 'svm'),
  f(0x80000001, 'ibs', 'ecx', 10, 'ibs'),
  f(0x80000001, 'skinit', 'ecx', 12, 'skinit'),
  f(0x80000001, 'lwp', 'ecx', 15, 'lwp'),
];
