/**
 * The number-to-name tables seccomp_events uses (osquery's SeccompEventSubscriber maps): AUDIT_ARCH_* values from
 * linux/audit.h, x86_64 syscall numbers 0-334 from asm/unistd_64.h (osquery's table stops at 334, rseq, so later
 * calls read `<n>(unknown)` as in osquery), and the seccomp return actions from linux/seccomp.h.
 */

export const AUDIT_ARCH_NAMES: ReadonlyMap<number, string> = new Map([
  [0xc000003e, 'X86_64'],
  [0xc00000b7, 'AARCH64'],
  [0xc0009026, 'ALPHA'],
  [0x40000028, 'ARM'],
  [0x00000028, 'ARMEB'],
  [0x4000004c, 'CRIS'],
  [0x00005441, 'FRV'],
  [0x40000003, 'I386'],
  [0xc0000032, 'IA64'],
  [0x00000058, 'M32R'],
  [0x00000004, 'M68K'],
  [0x000000bd, 'MICROBLAZE'],
  [0x00000008, 'MIPS'],
  [0x40000008, 'MIPSEL'],
  [0x80000008, 'MIPS64'],
  [0xa0000008, 'MIPS64N32'],
  [0xc0000008, 'MIPSEL64'],
  [0xe0000008, 'MIPSEL64N32'],
  [0x0000005c, 'OPENRISC'],
  [0x0000000f, 'PARISC'],
  [0x8000000f, 'PARISC64'],
  [0x00000014, 'PPC'],
  [0x80000015, 'PPC64'],
  [0xc0000015, 'PPC64LE'],
  [0x00000016, 'S390'],
  [0x80000016, 'S390X'],
  [0x0000002a, 'SH'],
  [0x4000002a, 'SHEL'],
  [0x8000002a, 'SH64'],
  [0xc000002a, 'SHEL64'],
  [0x00000002, 'SPARC'],
  [0x8000002b, 'SPARC64'],
  [0xc00000bf, 'TILEGX'],
  [0x400000bf, 'TILEGX32'],
  [0x400000bc, 'TILEPRO'],
]);

/** x86_64 syscall names by number (index), 0 (read) to 334 (rseq). */
export const X86_64_SYSCALLS: readonly string[] = (
  'read write open close stat fstat lstat poll lseek mmap mprotect munmap brk rt_sigaction rt_sigprocmask ' +
  'rt_sigreturn ioctl pread64 pwrite64 readv writev access pipe select sched_yield mremap msync mincore madvise ' +
  'shmget shmat shmctl dup dup2 pause nanosleep getitimer alarm setitimer getpid sendfile socket connect accept ' +
  'sendto recvfrom sendmsg recvmsg shutdown bind listen getsockname getpeername socketpair setsockopt getsockopt ' +
  'clone fork vfork execve exit wait4 kill uname semget semop semctl shmdt msgget msgsnd msgrcv msgctl fcntl ' +
  'flock fsync fdatasync truncate ftruncate getdents getcwd chdir fchdir rename mkdir rmdir creat link unlink ' +
  'symlink readlink chmod fchmod chown fchown lchown umask gettimeofday getrlimit getrusage sysinfo times ptrace ' +
  'getuid syslog getgid setuid setgid geteuid getegid setpgid getppid getpgrp setsid setreuid setregid getgroups ' +
  'setgroups setresuid getresuid setresgid getresgid getpgid setfsuid setfsgid getsid capget capset ' +
  'rt_sigpending rt_sigtimedwait rt_sigqueueinfo rt_sigsuspend sigaltstack utime mknod uselib personality ustat ' +
  'statfs fstatfs sysfs getpriority setpriority sched_setparam sched_getparam sched_setscheduler ' +
  'sched_getscheduler sched_get_priority_max sched_get_priority_min sched_rr_get_interval mlock munlock mlockall ' +
  'munlockall vhangup modify_ldt pivot_root _sysctl prctl arch_prctl adjtimex setrlimit chroot sync acct ' +
  'settimeofday mount umount2 swapon swapoff reboot sethostname setdomainname iopl ioperm create_module ' +
  'init_module delete_module get_kernel_syms query_module quotactl nfsservctl getpmsg putpmsg afs_syscall ' +
  'tuxcall security gettid readahead setxattr lsetxattr fsetxattr getxattr lgetxattr fgetxattr listxattr ' +
  'llistxattr flistxattr removexattr lremovexattr fremovexattr tkill time futex sched_setaffinity ' +
  'sched_getaffinity set_thread_area io_setup io_destroy io_getevents io_submit io_cancel get_thread_area ' +
  'lookup_dcookie epoll_create epoll_ctl_old epoll_wait_old remap_file_pages getdents64 set_tid_address ' +
  'restart_syscall semtimedop fadvise64 timer_create timer_settime timer_gettime timer_getoverrun timer_delete ' +
  'clock_settime clock_gettime clock_getres clock_nanosleep exit_group epoll_wait epoll_ctl tgkill utimes ' +
  'vserver mbind set_mempolicy get_mempolicy mq_open mq_unlink mq_timedsend mq_timedreceive mq_notify ' +
  'mq_getsetattr kexec_load waitid add_key request_key keyctl ioprio_set ioprio_get inotify_init ' +
  'inotify_add_watch inotify_rm_watch migrate_pages openat mkdirat mknodat fchownat futimesat newfstatat ' +
  'unlinkat renameat linkat symlinkat readlinkat fchmodat faccessat pselect6 ppoll unshare set_robust_list ' +
  'get_robust_list splice tee sync_file_range vmsplice move_pages utimensat epoll_pwait signalfd timerfd_create ' +
  'eventfd fallocate timerfd_settime timerfd_gettime accept4 signalfd4 eventfd2 epoll_create1 dup3 pipe2 ' +
  'inotify_init1 preadv pwritev rt_tgsigqueueinfo perf_event_open recvmmsg fanotify_init fanotify_mark prlimit64 ' +
  'name_to_handle_at open_by_handle_at clock_adjtime syncfs sendmmsg setns getcpu process_vm_readv ' +
  'process_vm_writev kcmp finit_module sched_setattr sched_getattr renameat2 seccomp getrandom memfd_create ' +
  'kexec_file_load bpf execveat userfaultfd membarrier mlock2 copy_file_range preadv2 pwritev2 pkey_mprotect ' +
  'pkey_alloc pkey_free statx io_pgetevents rseq ' +
  ''
)
  .trim()
  .split(' ');

/** SECCOMP_RET_* actions (the action bits, SECCOMP_RET_ACTION_FULL, of a record's `code`). */
export const SECCOMP_ACTIONS: ReadonlyMap<number, string> = new Map([
  [0x80000000, 'KILL_PROCESS'],
  [0x00000000, 'KILL_THREAD'],
  [0x00030000, 'TRAP'],
  [0x00050000, 'ERRNO'],
  [0x7ff00000, 'TRACE'],
  [0x7ffc0000, 'LOG'],
  [0x7fff0000, 'ALLOW'],
]);
