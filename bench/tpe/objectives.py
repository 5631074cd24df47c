"""The synthetic objectives (minimised): the same formulas as objectives.mjs."""
import json
import math
import os

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "problems.json")) as f:
    PROBLEMS = json.load(f)
PROBLEMS.pop("_comment", None)


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


OBJECTIVES = {
    "branin": lambda p: branin(p["x1"], p["x2"]),
    "hartmann6": lambda p: hartmann6([p["x%d" % i] for i in range(1, 7)]),
    "rosenbrock5": lambda p: rosenbrock([p["x%d" % i] for i in range(1, 6)]),
    "conditional": conditional,
}
