"""The synthetic objectives (minimised): the same formulas and noise as objectives.mjs."""
import json
import math
import os

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "problems.json")) as f:
    PROBLEMS = json.load(f)
PROBLEMS.pop("_comment", None)
# A noisy variant takes its base problem's space and optimum.
for _name, _p in list(PROBLEMS.items()):
    if "base" in _p:
        PROBLEMS[_name] = {**PROBLEMS[_p["base"]], **_p}


def branin(x1, x2):
    b = 5.1 / (4 * math.pi ** 2)
    c = 5 / math.pi
    t = 1 / (8 * math.pi)
    return (x2 - b * x1 * x1 + c * x1 - 6) ** 2 + 10 * (1 - t) * math.cos(x1) + 10


H_ALPHA = [1.0, 1.2, 3.0, 3.2]
H_A = [
    [10, 3, 17, 3.5, 1.7, 8],
    [0.05, 10, 17, 0.1, 8, 14],
    [3, 3.5, 1.7, 10, 17, 8],
    [17, 8, 0.05, 10, 0.1, 14],
]
H_P = [
    [v * 1e-4 for v in row]
    for row in [
        [1312, 1696, 5569, 124, 8283, 5886],
        [2329, 4135, 8307, 3736, 1004, 9991],
        [2348, 1451, 3522, 2883, 3047, 6650],
        [4047, 8828, 8732, 5743, 1091, 381],
    ]
]


def hartmann6(x):
    f = 0.0
    for i in range(4):
        s = 0.0
        for j in range(6):
            s += H_A[i][j] * (x[j] - H_P[i][j]) ** 2
        f -= H_ALPHA[i] * math.exp(-s)
    return f


def rosenbrock(x):
    return sum(100 * (x[i + 1] - x[i] * x[i]) ** 2 + (1 - x[i]) ** 2 for i in range(len(x) - 1))


KIND_PENALTY = {"p": 0.1, "q": 0.0, "r": 0.2}


def conditional(p):
    if p["model"] == "a":
        return branin(p["a__x"], p["a__y"]) / 50
    return 0.2 + 0.25 * (math.log10(p["b__lr"]) + 2.5) ** 2 + 0.02 * (p["b__depth"] - 7) ** 2 + KIND_PENALTY[p["b__kind"]]


BASE_OBJECTIVES = {
    "branin": lambda p: branin(p["x1"], p["x2"]),
    "hartmann6": lambda p: hartmann6([p["x%d" % i] for i in range(1, 7)]),
    "rosenbrock5": lambda p: rosenbrock([p["x%d" % i] for i in range(1, 6)]),
    "conditional": conditional,
}

# The noiseless objective of every problem (a noisy variant's is its base's).
OBJECTIVES = {name: BASE_OBJECTIVES[p.get("base", name)] for name, p in PROBLEMS.items()}

M32 = 0xFFFFFFFF


def mix32(x):
    """lowbias32, as in objectives.mjs."""
    x ^= x >> 16
    x = (x * 0x7FEB352D) & M32
    x ^= x >> 15
    x = (x * 0x846CA68B) & M32
    return x ^ (x >> 16)


def noise_at(seed, trial):
    """The standard normal draw of (seed, trial): objectives.mjs noiseAt."""
    key = (seed * 0x9E3779B1 + 2 * trial + 0x6A09E667) & M32
    u1 = (mix32(key) + 0.5) / 4294967296
    u2 = mix32((key + 1) & M32) / 4294967296
    return math.sqrt(-2 * math.log(u1)) * math.cos(2 * math.pi * u2)


def study_objective(problem, seed):
    """(params, trial) -> (observed value, noiseless value) for one seed of a problem."""
    f = OBJECTIVES[problem]
    sd = PROBLEMS[problem].get("noise", 0)

    def observe(params, trial):
        true_value = f(params)
        return (true_value + sd * noise_at(seed, trial) if sd > 0 else true_value), true_value

    return observe
