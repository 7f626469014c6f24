package tiebreak.core.train;

import tiebreak.core.spec.RunSpec;

/**
 * A test hook: with the system property {@value #PROPERTY} set to an init seed, every run with that seed
 * throws, so tests can prove that a failing run is recorded as {@code failed} and the sweep goes on. The
 * property is read per run, in the JVM that trains it (in local mode, the driver's).
 */
public final class FaultInjection {
    public static final String PROPERTY = "tiebreak.test.throwOnInitSeed";

    private FaultInjection() {
    }

    public static void check(RunSpec spec) {
        String seed = System.getProperty(PROPERTY);
        if (seed != null && Long.toString(spec.initSeed()).equals(seed)) {
            throw new IllegalStateException("injected fault for init seed " + seed);
        }
    }
}
