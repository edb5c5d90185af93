"""Synthetic runs that look like a real experiment, for demos and tests.

An image-classification sweep: optimizers (adam, sgd) at several learning rates, three
model sizes, learning-rate schedules (cosine, step, warmup + cosine), seeds. Curves
follow from the config: loss decays toward a floor set by how good the learning rate is
for the optimizer and how large the model is, with multiplicative noise and occasional
spikes; accuracy saturates; validation metrics every ``val_every`` steps, with a gap
that grows for large models late in training. About one run in eight crashes (out of
memory, or a diverged loss that turns NaN) with exit code 1. Everything comes from one
``random.Random(seed)``: the same arguments give the same runs, value for value.

>>> runs = synthetic_runs(runs=4, steps=50, seed=1)
>>> sorted(runs[0].history[-1])[:3]
['_runtime', '_step', '_timestamp']
"""

from __future__ import annotations

import dataclasses
import math
import random
from typing import Any

from .run_folder import OutputLine, RunData

__all__ = ["synthetic_runs"]

_START = 1_793_520_000.0  # 2026-11-01 08:00 UTC: the experiment's first run
_ADJECTIVES = (
    "amber brisk calm dark eager fancy gentle hardy icy jolly keen lively misty noble".split()
)
_NOUNS = "sun river forest meadow comet breeze canyon harbor glacier lantern orchard".split()
_SIZES = {"small": (4, 256, 0.3), "medium": (8, 512, 0.6), "large": (12, 1024, 1.2)}
_LRS = {"adam": (3e-3, 1e-3, 3e-4, 1e-4), "sgd": (0.3, 0.1, 0.03, 0.01)}
_BEST_LR = {"adam": 1e-3, "sgd": 0.1}


@dataclasses.dataclass(frozen=True)
class _Plan:
    """What one run will do, drawn before any step is simulated."""

    index: int
    config: dict[str, Any]
    final_loss: float
    max_acc: float
    tau: float
    steps: int  # steps actually run (fewer for a crashed run)
    crash: str | None  # None, "oom" or "diverged"
    step_seconds: float
    start: float


def _config(rng: random.Random, index: int, total_steps: int) -> dict[str, Any]:
    optimizer = ("adam", "sgd")[index % 2]
    size = ("small", "medium", "large")[(index // 2) % 3]
    layers, hidden, _ = _SIZES[size]
    schedule = ("cosine", "step", "warmup_cosine")[(index // 6 + index) % 3]
    return {
        "optimizer": optimizer,
        "lr": _LRS[optimizer][(index // 6) % 4],
        "schedule": schedule,
        "warmup_steps": max(1, total_steps // 20) if schedule == "warmup_cosine" else 0,
        "batch_size": rng.choice((64, 128, 256)),
        "weight_decay": rng.choice((0.0, 1e-4, 5e-4)),
        "dropout": rng.choice((0.0, 0.1, 0.2)),
        "seed": rng.randrange(10_000),
        "model_size": size,
        "model": {"layers": layers, "hidden": hidden, "activation": "gelu"},
        "dataset": {"name": "cifar10", "augment": rng.random() < 0.7},
        "epochs": 10,
    }


def _plan(rng: random.Random, index: int, total_steps: int, start: float) -> _Plan:
    config = _config(rng, index, total_steps)
    layers, _, step_seconds = _SIZES[config["model_size"]]
    # how far the learning rate is from the optimizer's sweet spot, in decades
    miss = abs(math.log10(config["lr"] / _BEST_LR[config["optimizer"]]))
    final_loss = 0.25 + 0.35 * miss + 0.3 / layers + rng.uniform(-0.03, 0.03)
    crash = None
    if index % 8 == 5:
        crash = ("oom", "diverged")[(index // 8) % 2]
    steps = total_steps if crash is None else int(total_steps * rng.uniform(0.25, 0.7))
    return _Plan(
        index=index,
        config=config,
        final_loss=final_loss,
        max_acc=min(0.97, 1.05 - 0.45 * final_loss),
        tau=total_steps * rng.uniform(0.12, 0.25) * (1 + miss),
        steps=max(steps, 2),
        crash=crash,
        step_seconds=step_seconds * rng.uniform(0.9, 1.1),
        start=start,
    )


def _learning_rate(config: dict[str, Any], step: int, total: int) -> float:
    base: float = config["lr"]
    progress = step / max(total - 1, 1)
    if config["schedule"] == "step":
        return base * float(0.1 ** min(int(progress * 3), 2))
    warmup: int = config["warmup_steps"]
    if step < warmup:
        return base * (step + 1) / warmup
    cosine_progress = (step - warmup) / max(total - 1 - warmup, 1)
    return base * 0.5 * (1 + math.cos(math.pi * cosine_progress))


class _Simulator:
    """Steps one planned run, keeping the state that carries from step to step."""

    def __init__(self, rng: random.Random, plan: _Plan, total_steps: int, val_every: int):
        self.rng, self.plan, self.total, self.val_every = rng, plan, total_steps, val_every
        self.spike = 0.0  # extra loss from a recent spike, decaying
        self.best_val_acc = 0.0

    def smooth_loss(self, step: int) -> float:
        plan = self.plan
        start_loss = math.log(10)  # cross-entropy of a uniform guess over 10 classes
        return plan.final_loss + (start_loss - plan.final_loss) * math.exp(-step / plan.tau)

    def row(self, step: int) -> dict[str, Any]:
        plan, rng = self.plan, self.rng
        if rng.random() < 0.006:
            self.spike += rng.uniform(0.5, 1.5)
        self.spike *= 0.8
        loss = self.smooth_loss(step) * (1 + rng.gauss(0, 0.04)) + self.spike
        onset = plan.steps * 0.8
        if plan.crash == "diverged" and step > onset:
            growth = math.exp(6 * (step - onset) / (plan.steps - onset))  # up to ~400x
            loss = loss * growth if step < plan.steps - 1 else math.nan
        progress = 1 - math.exp(-step / (plan.tau * 0.8))
        acc = 0.1 + (plan.max_acc - 0.1) * progress + rng.gauss(0, 0.012) - self.spike * 0.05
        runtime = (step + 1) * plan.step_seconds
        row: dict[str, Any] = {
            "_step": step,
            "_runtime": round(runtime, 3),
            "_timestamp": round(plan.start + runtime, 3),
            "train/loss": loss,
            "train/acc": min(max(acc, 0.0), 1.0),
            "lr": _learning_rate(plan.config, step, self.total),
            "epoch": step * plan.config["epochs"] // self.total,
            "grad_norm": abs(rng.gauss(1.0, 0.2)) * (1 + 4 * self.spike),
        }
        if step % self.val_every == self.val_every - 1 or step == self.total - 1:
            row.update(self.validation(step))
        return row

    def validation(self, step: int) -> dict[str, float]:
        plan, rng = self.plan, self.rng
        layers = plan.config["model"]["layers"]
        overfit = max(0.0, step / self.total - 0.5) * 0.04 * layers
        val_loss = self.smooth_loss(step) * (1.06 + overfit) * (1 + rng.gauss(0, 0.015))
        progress = 1 - math.exp(-step / (plan.tau * 0.8))
        val_acc = 0.1 + (plan.max_acc - 0.03 - overfit / 4 - 0.1) * progress
        val_acc = min(max(val_acc + rng.gauss(0, 0.006), 0.0), 1.0)
        self.best_val_acc = max(self.best_val_acc, val_acc)
        return {"val/loss": val_loss, "val/acc": val_acc}


def _run_id(rng: random.Random) -> str:
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(8))


def _system_metrics(rng: random.Random, plan: _Plan) -> list[dict[str, Any]]:
    samples = []
    duration = plan.steps * plan.step_seconds
    hidden = plan.config["model"]["hidden"]
    for index in range(int(duration // 15) + 1):
        runtime = min(index * 15.0, duration)
        memory = 18 + hidden / 1024 * 55 + rng.uniform(-2, 2)
        if plan.crash == "oom":
            memory = min(99.9, memory + 60 * runtime / duration)
        samples.append(
            {
                "system.cpu": round(rng.uniform(20, 45), 2),
                "system.memory_percent": round(rng.uniform(30, 42), 2),
                "system.proc.memory.rssMB": round(2400 + hidden * 1.5 + rng.uniform(-50, 50), 1),
                "system.gpu.0.gpu": round(min(100.0, rng.gauss(88, 5)), 1) if index else 0.0,
                "system.gpu.0.memoryAllocated": round(memory, 2),
                "system.gpu.0.temp": round(55 + 20 * min(1.0, runtime / 120) + rng.gauss(0, 1), 1),
                "_timestamp": round(plan.start + runtime, 3),
                "_runtime": round(runtime, 3),
            }
        )
    return samples


def _console(plan: _Plan, history: list[dict[str, Any]]) -> list[OutputLine]:
    lines = [OutputLine("stdout", plan.start, f"training {plan.config['model_size']} model\n")]
    for row in history:
        if "val/loss" in row:
            text = (
                f"step {row['_step']}: train/loss {row['train/loss']:.4f} "
                f"val/loss {row['val/loss']:.4f} val/acc {row['val/acc']:.4f}\n"
            )
            lines.append(OutputLine("stdout", row["_timestamp"], text))
    if plan.crash is not None:
        end = history[-1]["_timestamp"]
        lines.append(OutputLine("stderr", end, "Traceback (most recent call last):\n"))
        error = {
            "oom": "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB",
            "diverged": "RuntimeError: loss is NaN, stopping training",
        }[plan.crash]
        lines.append(OutputLine("stderr", end, error + "\n"))
    return lines


def _name(rng: random.Random, index: int) -> str:
    return f"{rng.choice(_ADJECTIVES)}-{rng.choice(_NOUNS)}-{index + 1}"


def _tags(plan: _Plan) -> list[str]:
    config = plan.config
    tags = [config["optimizer"], config["model_size"]]
    if plan.index < 4:
        tags.append("baseline")
    if config["lr"] == _BEST_LR[config["optimizer"]]:
        tags.append("best-lr")
    return tags


def _summary(history: list[dict[str, Any]], best_val_acc: float) -> dict[str, Any]:
    summary: dict[str, Any] = {}
    for row in history:
        summary.update(row)
    summary["best/val_acc"] = best_val_acc
    summary["_wandb"] = {"runtime": int(history[-1]["_runtime"])}
    return summary


def _one_run(rng: random.Random, plan: _Plan, total_steps: int, val_every: int) -> RunData:
    simulator = _Simulator(rng, plan, total_steps, val_every)
    history = [simulator.row(step) for step in range(plan.steps)]
    config = plan.config
    return RunData(
        run_id=_run_id(rng),
        display_name=_name(rng, plan.index),
        tags=_tags(plan),
        notes=f"{config['optimizer']} lr={config['lr']:g} with a {config['schedule']} schedule",
        group=f"{config['model_size']}-{config['optimizer']}",
        job_type="train",
        host=f"gpu-node-{plan.index % 4:02d}",
        program="train.py",
        commit=f"{rng.getrandbits(160):040x}",
        start_time=plan.start,
        config=config,
        summary=_summary(history, simulator.best_val_acc),
        history=history,
        history_count=len(history),
        system_metrics=_system_metrics(rng, plan),
        output=_console(plan, history),
        exit_code=0 if plan.crash is None else 1,
        runtime=history[-1]["_runtime"],
    )


def synthetic_runs(
    *, runs: int = 24, steps: int = 500, val_every: int = 50, seed: int = 0
) -> list[RunData]:
    """``runs`` runs of up to ``steps`` logged steps each, deterministic for a ``seed``.

    Runs start one after another (a few minutes apart) from 2026-11-01 08:00 UTC.
    """
    if runs < 1 or steps < 2 or val_every < 1:
        raise ValueError(
            f"synthetic_runs needs runs >= 1, steps >= 2 and val_every >= 1; got runs={runs}, "
            f"steps={steps}, val_every={val_every}"
        )
    rng = random.Random(seed)
    result = []
    start = _START
    for index in range(runs):
        plan = _plan(rng, index, steps, start)
        run = _one_run(rng, plan, steps, val_every)
        result.append(run)
        start += (run.runtime or 0) + rng.uniform(60, 600)
    return result
