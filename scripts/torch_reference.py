#!/usr/bin/python3
"""PyTorch reference for `iwae bench`: the same models, batch, k and optimizer, timed the same way.

The model is the paper's (Burda et al. 2016): 784-200-200-50 with one stochastic layer,
784-200-200-100-100-100-50 with two; tanh hidden layers, a diagonal Gaussian q and p(h_1 | h_2)
(mean and log sigma from one linear head), a Bernoulli output. The encoder runs once per input and
its k samples come by broadcasting, as in iwae4j. Training: Adam (beta 0.9/0.999, eps 1e-4) on
the IWAE (or, with k=1, VAE) bound of a dynamically binarized batch of 20 synthetic images. The
evaluation is the k=5000 importance-sampling estimate of log p(x) in passes of about 2000 rows.

Prints one line per case: RESULT <case> <median examples/s> <repeats>. Written for the
side-by-side script (scripts/side-by-side.sh); not part of the Maven build or tests.
Thread choice (torch intra-op / BLAS) is per case, see --threads and the notes in the README.
"""
import argparse
import math
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

HALF_LOG_2PI = 0.5 * math.log(2 * math.pi)


class Gaussian(nn.Module):
    """tanh MLP, then one linear head split into mean and log sigma."""

    def __init__(self, n_in, hidden, n_out):
        super().__init__()
        self.h1 = nn.Linear(n_in, hidden)
        self.h2 = nn.Linear(hidden, hidden)
        self.out = nn.Linear(hidden, 2 * n_out)

    def forward(self, x):
        mean, log_sigma = self.out(torch.tanh(self.h2(torch.tanh(self.h1(x))))).chunk(2, dim=-1)
        return mean, log_sigma


def log_normal_std(z):
    return -0.5 * z.pow(2).sum(-1) - z.shape[-1] * HALF_LOG_2PI


def log_normal(z, mean, log_sigma):
    e = (z - mean) * torch.exp(-log_sigma)
    return -0.5 * e.pow(2).sum(-1) - log_sigma.sum(-1) - z.shape[-1] * HALF_LOG_2PI


class Iwae(nn.Module):
    def __init__(self, layers, bias):
        super().__init__()
        sizes = [(784, 200, 50)] if layers == 1 else [(784, 200, 100), (100, 100, 50)]
        self.q = nn.ModuleList([Gaussian(i, h, o) for i, h, o in sizes])
        self.p = nn.ModuleList([Gaussian(o, h, i) for i, h, o in sizes[1:]])
        self.px1 = nn.Linear(sizes[0][2], 200)
        self.px2 = nn.Linear(200, 200)
        self.px3 = nn.Linear(200, 784)
        for m in self.modules():
            if isinstance(m, nn.Linear):
                nn.init.xavier_uniform_(m.weight)
                nn.init.zeros_(m.bias)
        with torch.no_grad():
            self.px3.bias.copy_(bias)

    def log_weights(self, x, k):
        h, log_q, samples = x, 0, []
        for layer in self.q:
            mean, log_sigma = layer(h)
            eps = torch.randn((k,) + mean.shape[-2:] if h is x else mean.shape)
            h = mean + torch.exp(log_sigma) * eps
            log_q = log_q + (-0.5 * eps.pow(2).sum(-1) - log_sigma.sum(-1) - eps.shape[-1] * HALF_LOG_2PI)
            samples.append(h)
        log_p = log_normal_std(samples[-1])
        for i in range(len(self.p) - 1, -1, -1):
            mean, log_sigma = self.p[i](samples[i + 1])
            log_p = log_p + log_normal(samples[i], mean, log_sigma)
        logits = self.px3(torch.tanh(self.px2(torch.tanh(self.px1(samples[0])))))
        log_lik = -F.softplus(logits * (1 - 2 * x)).sum(-1)
        return log_lik + log_p - log_q


def iwae_bound(log_w):
    return torch.logsumexp(log_w, 0) - math.log(log_w.shape[0])


def timed(unit, examples, seconds, repeats):
    def run_for(s):
        end, n = time.perf_counter() + s, 0
        while True:
            unit()
            n += 1
            if time.perf_counter() >= end:
                return n

    run_for(seconds)
    rates = []
    for _ in range(repeats):
        start = time.perf_counter()
        n = run_for(seconds)
        rates.append(n * examples / (time.perf_counter() - start))
    return float(np.median(rates)), rates


def train_case(kind, k, layers, batch, seconds, repeats):
    torch.manual_seed(1)
    rng = np.random.default_rng(2)
    images = torch.from_numpy(rng.random((1000, 784), dtype=np.float32))
    bias = torch.logit(images.mean(0).clamp(0.001, 0.999))
    model = Iwae(layers, bias)
    opt = torch.optim.Adam(model.parameters(), lr=1e-4, betas=(0.9, 0.999), eps=1e-4)
    cursor = [0]

    def step():
        if cursor[0] + batch > images.shape[0]:
            cursor[0] = 0
        x = (torch.rand(batch, 784) < images[cursor[0]:cursor[0] + batch]).float()
        cursor[0] += batch
        log_w = model.log_weights(x, k)
        bound = log_w.mean(0) if kind == "vae" else iwae_bound(log_w)
        loss = -bound.mean()
        opt.zero_grad(set_to_none=False)
        loss.backward()
        opt.step()

    return timed(step, batch, seconds, repeats)


def eval_case(k, examples, rows, seconds, repeats):
    torch.manual_seed(1)
    model = Iwae(1, torch.zeros(784))
    x_all = (torch.rand(examples, 784) < 0.5).float()
    per_pass = max(1, rows // k)
    chunk = k if k < rows else math.ceil(k / math.ceil(k / rows))

    @torch.no_grad()
    def one_set():
        for i in range(0, examples, per_pass):
            x = x_all[i:i + per_pass]
            parts = [torch.logsumexp(model.log_weights(x, min(chunk, k - d)), 0) for d in range(0, k, chunk)]
            (torch.logsumexp(torch.stack(parts).double(), 0) - math.log(k)).numpy()

    return timed(one_set, examples, seconds, repeats)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seconds", type=float, default=3)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--eval-examples", type=int, default=10)
    ap.add_argument("--threads", default="auto",
                    help="torch intra-op threads: a number, or auto (1 at k*batch < 400, else 2; like iwae4j)")
    ap.add_argument("cases", nargs="*",
                    default=["vae:1:1:20", "iwae:5:1:20", "iwae:50:1:20", "iwae:50:2:20", "eval:5000"])
    args = ap.parse_args()
    print(f"torch {torch.__version__}, numpy {np.__version__}, BLAS: "
          + ("MKL" if torch.backends.mkl.is_available() else "other (OpenBLAS on Debian)"), flush=True)
    for case in args.cases:
        f = case.split(":")
        if f[0] == "eval":
            k = int(f[1])
            threads = 2 if args.threads == "auto" else int(args.threads)
            torch.set_num_threads(threads)
            median, rates = eval_case(k, args.eval_examples, 2000, args.seconds, args.repeats)
        else:
            k, layers, batch = int(f[1]), int(f[2]), int(f[3])
            threads = (2 if k * batch >= 400 else 1) if args.threads == "auto" else int(args.threads)
            torch.set_num_threads(threads)
            median, rates = train_case(f[0], k, layers, batch, args.seconds, args.repeats)
        print(f"RESULT {case} {median:.1f} threads={threads} " + " ".join(f"{r:.1f}" for r in rates), flush=True)


if __name__ == "__main__":
    main()
