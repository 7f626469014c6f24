package tiebreak.core;

/** PLACEHOLDER: replaced by the deterministic implementation. */
public final class DetMath {
    private DetMath() {}
    public static double exp(double x) { return StrictMath.exp(x); }
    public static double expm1(double x) { return StrictMath.expm1(x); }
    public static double tanh(double x) { return StrictMath.tanh(x); }
    public static double sigmoid(double x) { return 1.0 / (1.0 + StrictMath.exp(-x)); }
}
