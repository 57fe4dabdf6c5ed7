"""How the models use the CPUs: one thread per CPU this process may use (its affinity, which
taskset, a cpuset or a container's CPU list narrows; llama.cpp: per idle one, `idle_cpus`), and
threads that soon sleep rather than spin while they wait for each other.

torch, CTranslate2 and llama.cpp each run their threads through a copy of GNU OpenMP
(libgomp), whose threads by default spin for about 3 ms at every barrier. Beside another busy
process that costs more than it saves: a spinning thread holds a CPU that the thread it waits
for needs. Sleeping at once (OMP_WAIT_POLICY=PASSIVE) fixes that but makes every barrier wait
for a wake-up, which llama.cpp, with hundreds of barriers a token, pays for on a quiet machine;
a short spin first (GOMP_SPINCOUNT=200, which libgomp takes over the policy; other OpenMP
runtimes read only the policy) keeps the best of both. Measured on this project's 2-core
machine (best of two calls, two rounds; "busy": one `python -c "while True: pass"` pinned to
CPU 0), seconds:

| | default | PASSIVE | PASSIVE + spin 200 |
| --- | --- | --- | --- |
| SmolLM2 on llama.cpp, 40 tokens, quiet | 2.2 | 2.5-3.3 | 2.0-2.5 |
| the same, busy | 4.9-7.1 | 3.6-3.8 | 3.7-3.9 |
| full-size stand-in, torch generate(), quiet | 0.57-0.70 | 0.70-0.72 | 0.59-0.69 |
| the same, busy | 2.45-2.6 | 1.04-1.18 | 1.12-1.13 |

With the machine crowded by other work, spinning cost far more (torch: 37-45 s against
5.3-5.7 s). libgomp reads the variables once, as it loads, so `wait_passively` runs when
translate.model is first imported, before any of them loads.
"""

from __future__ import annotations

import os
import time

SPIN_COUNT = 200  # libgomp's spins before a waiting thread sleeps (default: 300,000)


def cpu_threads() -> int:
    """The CPUs this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def idle_cpus(seconds: float = 0.1) -> int:
    """How many of the CPUs this process may use are idle now (busy less than half of a short
    look at /proc/stat), at least one; where there is no /proc/stat, all of them. For
    llama.cpp, whose threads meet at hundreds of barriers a token: a thread sharing its CPU
    with a busy process holds every other thread up. SmolLM2 on the sample, 2 CPUs: quiet,
    2 threads 10.0 s, 1 thread 16.2 s; beside one busy process, 2 threads 32.0 s, 1 thread
    16.8 s."""
    allowed = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else set()
    try:
        before = _cpu_times()
        time.sleep(seconds)
        after = _cpu_times()
    except (OSError, ValueError):
        return cpu_threads()
    idle = 0
    for cpu in allowed & before.keys() & after.keys():
        spent = [now - then for now, then in zip(after[cpu], before[cpu], strict=True)]
        idle += sum(spent) == 0 or (spent[3] + spent[4]) / sum(spent) >= 0.5  # idle, iowait
    return max(idle, 1) if allowed else cpu_threads()


def _cpu_times() -> dict[int, list[int]]:
    """Each CPU's times so far (user, nice, system, idle, iowait, ...), from /proc/stat."""
    with open("/proc/stat", encoding="ascii") as stat:
        rows = [line.split() for line in stat if line.startswith("cpu") and line[3].isdigit()]
    return {int(row[0][3:]): [int(value) for value in row[1:8]] for row in rows}


def wait_passively() -> None:
    """OpenMP threads loaded from now on spin briefly, then sleep while they wait, unless the
    user chose how they wait."""
    if "OMP_WAIT_POLICY" not in os.environ and "GOMP_SPINCOUNT" not in os.environ:
        os.environ.update(OMP_WAIT_POLICY="PASSIVE", GOMP_SPINCOUNT=str(SPIN_COUNT))


def use_cpu_threads() -> None:
    """torch's threads: one per CPU this process may use, unless OMP_NUM_THREADS chose."""
    import torch

    if "OMP_NUM_THREADS" not in os.environ:
        torch.set_num_threads(cpu_threads())
