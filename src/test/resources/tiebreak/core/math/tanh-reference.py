"""Reference values for DetMath.fastTanh (the activation): mpmath tanh at 300 bits, correctly rounded to
double by exact integer arithmetic (erf-reference.py's to_double).
  python3 tanh-reference.py table tanh-reference.csv     (the test's table)
  python3 tanh-reference.py big OUT N                    (a larger measurement set, seed 99)"""
import importlib.util, math, os, random, sys
import mpmath
from mpmath import mp, mpf
mp.prec = 300

_spec = importlib.util.spec_from_file_location(
    'erf_reference', os.path.join(os.path.dirname(os.path.abspath(__file__)), 'erf-reference.py'))
_erf = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_erf)
bits, to_double, distinct, write_rows = _erf.bits, _erf.to_double, _erf.distinct, _erf.write_rows

def row(x):
    if x == 0.0 or abs(x) > 1e6:      # tanh keeps the zero's sign; beyond 1e6 it is +-1 to far below an ulp
        return x, x if x == 0.0 else math.copysign(1.0, x)
    return x, to_double(mpmath.tanh(mpf(x)))

# the worst cases of fastTanh (arithmetic version 3) over 2,000,000 points of `big`: 2 ulp each
HARD = [-9.726569822155856, 4.186271948348663, 16.049669615847876, -0.19099005435290706, -0.20118986191750432, 18.41376214799696,
        18.421271790145383, 18.245027564958434, -4.532514763860824, 18.45505909279592, -14.993502355879432, -12.212037695623469]

# the only points of those 2,000,000 where arithmetic version 2's fastTanh was 3 ulp off (2 ulp bounds both
# the present one and this table's test, which version 2 would fail here)
VERSION2_WORST = [0.20547627537018753, -0.18347466802129864]

def points_table():
    rnd = random.Random(20261129)
    xs = []
    xs += [rnd.uniform(-20.0, 20.0) for _ in range(3000)]
    xs += [rnd.uniform(0.0, 1.0) for _ in range(1000)]
    xs += [rnd.choice((-1, 1)) * math.exp(rnd.uniform(math.log(1e-300), math.log(0.5))) for _ in range(500)]
    xs += [rnd.choice((-1, 1)) * math.ldexp(rnd.random(), -1022) for _ in range(20)]   # subnormal
    # where the reduction's k = round(-2|x|/ln2) steps (|x| = (j + 1/2) ln2/2), the clamp, the flat end
    edges = [(j + 0.5) * math.log(2) / 2 for j in range(64)] + [19.06, 22.0, 2.0 ** -28, 0.5, 1.0]
    for c in edges:
        for d in (c, math.nextafter(c, 0.0), math.nextafter(c, math.inf)):
            xs += [d, -d]
    xs += [0.0, -0.0, 5e-324, -5e-324, sys.float_info.max, -sys.float_info.max]
    xs += HARD + VERSION2_WORST
    return distinct(xs)

def points_big(n):
    rnd = random.Random(99)
    xs = []
    for i in range(n):
        k = i % 3
        if k == 0:
            xs.append(rnd.uniform(-20.0, 20.0))
        elif k == 1:
            xs.append(rnd.uniform(-1.5, 1.5))
        else:
            xs.append(rnd.choice((-1, 1)) * math.exp(rnd.uniform(math.log(1e-20), math.log(20.0))))
    return xs

def write(path, xs, header):
    write_rows(path, (row(x) for x in xs), header, 'x,tanh')

if __name__ == '__main__':
    if sys.argv[1] == 'table':
        write(sys.argv[2], points_table(), [
            'Reference values for DetMathTest (fastTanh).',
            'Generated with mpmath %s at 300 bits: tanh(x) rounded to the nearest double (ties to even,' % mpmath.__version__,
            'subnormals included) by exact integer arithmetic. x: 3000 uniform in [-20, 20], 1000 in [0, 1],',
            '500 log-uniform in [1e-300, 0.5], 20 subnormal (Python random, seed 20261129), the edges of the',
            'range reduction and their neighbours, and the worst cases of fastTanh (versions 3 and 2) over 2,000,000 further points.'])
    else:
        write(sys.argv[2], points_big(int(sys.argv[3])), ['big measurement set, seed 99'])
