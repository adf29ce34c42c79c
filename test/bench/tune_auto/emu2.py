import os, sys; sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sim import *
EZ = 0.7978845608845728

def prep(s, members, K):
    """per series: F, Q (combined later), holdout errors"""
    mem = s["mem"]; h = s["h"]
    ok = [c for c in members if mem[c]["ok"]]
    F = np.array([mem[c]["f"] for c in ok]); Q = np.array([mem[c]["q"] for c in ok]).reshape(len(ok), h, 3)
    maes = []; zs = []
    if len(ok) == len(members):
        for o, ho in enumerate(s["ho"][:K]):
            if not all(c in ho for c in ok): break
            hy = np.array(ho["hy"]); hh = len(hy)
            HF = np.array([ho[c]["hf"] for c in ok]); HQ = np.array([ho[c]["hq"] for c in ok]).reshape(len(ok), hh, 3)
            cq = HQ.mean(0); sd = (cq[:, 2] - cq[:, 0]) / (2 * Z90); g = sd > 0
            zs.append(((hy - cq[:, 1])[g] / sd[g]))
            maes.append(np.abs(hy[None, :] - HF).sum(1)); 
    return dict(F=F, Q=Q, maes=maes, zs=zs, m=s["m"], n=s["n"], h=h)

def weights(p, wpow=1.0):
    k = len(p["F"]); w = np.ones(k)
    if p["maes"] and wpow > 0:
        mae = np.sum(p["maes"], 0); mm = mae.mean()
        if mm > 0: w = ((mae + 1e-9 * mm) / mm) ** (-wpow)
    return w / w.sum()

def point_q(p, wpow=1.0):
    w = weights(p, wpow)
    return (w[:, None] * p["F"]).sum(0), (w[:, None, None] * p["Q"]).sum(0)

def calibrate(p, q, prior_lo, prior_hi, psteps=6.0, est="mean_abs"):
    z = np.concatenate(p["zs"]) if p["zs"] else np.array([])
    klo, khi = prior_lo, prior_hi
    nh = len(z)
    if nh > 0:
        if est == "mean_abs": s = np.mean(np.abs(z)) / EZ
        elif est == "rms": s = math.sqrt(np.mean(z*z))
        s = max(s, 1e-3)
        wt = nh / (nh + psteps)
        klo = math.exp(wt * math.log(s) + (1 - wt) * math.log(prior_lo))
        khi = math.exp(wt * math.log(s) + (1 - wt) * math.log(prior_hi))
    med = q[:, 1]
    out = np.c_[med + klo * (q[:, 0] - med), med, med + khi * (q[:, 2] - med)]
    out = np.maximum(out, 0); out = np.maximum.accumulate(out, axis=1)
    return out
