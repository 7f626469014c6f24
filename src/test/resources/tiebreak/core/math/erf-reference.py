"""Reference values for DetErf.erf/erfc/gelu/geluDerivative: mpmath at 300 bits, correctly rounded
to double by exact integer arithmetic (no float() double rounding for subnormals)."""
import math, random, struct, sys
import mpmath
from mpmath import mp, mpf
mp.prec = 300

def bits(d):
    return struct.unpack('>Q', struct.pack('>d', d))[0]

def from_bits(b):
    return struct.unpack('>d', b.to_bytes(8, 'big'))[0]

def to_double(v):
    """v (finite mpf) rounded to nearest double, ties to even, with subnormals and overflow."""
    sign, man, exp, bc = v._mpf_
    if man == 0:
        return -0.0 if sign else 0.0
    e = bc + exp - 1                  # floor(log2 |v|)
    if e < -1076:                     # below half of 2^-1074
        return -0.0 if sign else 0.0
    if e > 1023:
        return -math.inf if sign else math.inf
    q = max(e - 52, -1074)            # exponent of the ulp
    sh = q - exp
    if sh <= 0:
        n = man << (-sh)
    else:
        n = man >> sh
        rem = man - (n << sh)
        half = 1 << (sh - 1)
        if rem > half or (rem == half and (n & 1)):
            n += 1
    if n == 1 << 53 and q == 971:     # rounded up past DBL_MAX
        return -math.inf if sign else math.inf
    d = math.ldexp(n, q)              # n*2^q is exact here
    return -d if sign else d

SQRT1_2 = 1 / mpmath.sqrt(2)
INV_SQRT_2PI = 1 / mpmath.sqrt(2 * mpmath.pi)

def row(x):
    if x == 0.0:                      # signed zeros: erf and gelu keep the sign of x
        return x, x, 1.0, x, 0.5
    if abs(x) > 1e6:                  # mpmath's erfc cannot take such x; every tail here is far below 2^-1074
        s = 1.0 if x > 0 else -1.0
        return x, s, 1.0 - s, x if x > 0 else -0.0, 1.0 if x > 0 else -0.0
    X = mpf(x)                        # exact
    erf = to_double(mpmath.erf(X))
    erfc = to_double(mpmath.erfc(X))
    cdf = mpmath.erfc(-X * SQRT1_2) / 2
    gelu = to_double(X * cdf)
    dgelu = to_double(cdf + X * INV_SQRT_2PI * mpmath.exp(-X * X / 2))
    return x, erf, erfc, gelu, dgelu

# the worst cases DetMath showed over 400,000 points (points_big): erfc 3 ulp, gelu 5 ulp and its
# largest relative error, geluDerivative 7 ulp, its largest errors where |x| <= 2 (absolute) and
# where its intermediate exp(-x^2/2) is subnormal, and a few more 4-5 ulp cases
HARD = [1.3195760618868293, 1.1638253714345703, -1.4502992273119908, -1.6388955337118443,
        -29.546836384130994, -1.2060439448750255, -2.3062598999655197, -6.5953409716937,
        -3.8337481575682597, -37.79061874726881, -37.71119100574863, 1.792114721897939]

def points_table():
    rnd = random.Random(20250611)
    xs = []
    xs += [rnd.uniform(-7.0, 7.0) for _ in range(2000)]
    xs += [rnd.uniform(0.0, 3.0) for _ in range(1000)]        # where erf's branches switch
    xs += [rnd.choice((-1, 1)) * rnd.uniform(7.0, 40.0) for _ in range(400)]   # erfc / gelu tails
    xs += [rnd.choice((-1, 1)) * math.exp(rnd.uniform(math.log(1e-300), math.log(1e-3))) for _ in range(300)]
    xs += [rnd.choice((-1, 1)) * math.ldexp(rnd.random(), -1022) for _ in range(30)]   # subnormal
    xs += [rnd.choice((-1, 1)) * math.exp(rnd.uniform(math.log(40.0), math.log(1e300))) for _ in range(50)]
    edges = [0.84375, 1.25, float.fromhex('0x1.6db6ep1'), float.fromhex('0x1.6db6dp1'), 1 / 0.35, 6.0, 28.0, 0.25, 2.0 ** -28, 2.0 ** -56,
             2.0 ** -1015, 2.0 ** -1022, 26.5, 27.2, 27.25, 0.5, 1.0, 2.0, 3.0, 5.9, 8.0, 37.0, 38.5, 40.0,
             1.25 * math.sqrt(2), 6.0 * math.sqrt(2), 0.84375 * math.sqrt(2), 0.75179]
    for c in edges:
        for d in (c, math.nextafter(c, 0.0), math.nextafter(c, math.inf)):
            xs += [d, -d]
    xs += [0.0, -0.0, 5e-324, -5e-324, sys.float_info.max, -sys.float_info.max, 2.2250738585072014e-308]
    xs += HARD
    return distinct(xs)

def points_big(n):
    rnd = random.Random(99)
    xs = []
    for i in range(n):
        k = i % 4
        if k == 0:
            xs.append(rnd.uniform(-7.0, 7.0))
        elif k == 1:
            xs.append(rnd.uniform(0.75, 3.0) * rnd.choice((-1, 1)))
        elif k == 2:
            xs.append(rnd.uniform(-40.0, 40.0))
        else:
            xs.append(rnd.choice((-1, 1)) * math.exp(rnd.uniform(math.log(1e-310), math.log(1.0))))
    return xs

def distinct(xs):
    """xs without repeats (by bits: 0.0 and -0.0 both stay), in their order."""
    seen, out = set(), []
    for x in xs:
        if bits(x) not in seen:
            seen.add(bits(x))
            out.append(x)
    return out

def write_rows(path, rows, header, columns):
    """A reference table: '#' comment lines, then one line of hex bits per row."""
    with open(path, 'w') as f:
        for h in header:
            f.write('# ' + h + '\n')
        f.write('# ' + columns + ' (IEEE 754 bits as 16 hex digits)\n')
        for r in rows:
            f.write(','.join('%016x' % bits(v) for v in r) + '\n')

def write(path, xs, header):
    write_rows(path, (row(x) for x in xs), header, 'x,erf,erfc,gelu,geluDerivative')

if __name__ == '__main__':
    which = sys.argv[1]
    if which == 'table':
        write(sys.argv[2], points_table(), [
            'Reference values for DetMathTest (erf, erfc, gelu, geluDerivative).',
            'Generated with mpmath %s at 300 bits: erf(x), erfc(x), gelu(x) = x*erfc(-x/sqrt2)/2 and' % mpmath.__version__,
            'gelu\'(x) = erfc(-x/sqrt2)/2 + x*exp(-x^2/2)/sqrt(2 pi), each rounded to the nearest double',
            '(ties to even, subnormals included) by exact integer arithmetic. x: 2000 uniform in [-7, 7],',
            '1000 in [0, 3], 400 with 7 <= |x| <= 40, 300 log-uniform in [1e-300, 1e-3], 30 subnormal,',
            '50 log-uniform in [40, 1e300] (Python random, seed 20250611), branch edges and their neighbours,',
            'and the 12 worst cases DetMath showed over 400,000 further points.'])
    else:
        write(sys.argv[2], points_big(int(sys.argv[3])), ['big measurement set, seed 99'])
