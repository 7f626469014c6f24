package tiebreak.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import tiebreak.core.net.Activation;
import tiebreak.core.net.InitScheme;
import tiebreak.core.spec.Keys;
import tiebreak.core.spec.OptimizerSpec;
import tiebreak.core.spec.RunSpec;
import tiebreak.core.spec.TieMode;
import tiebreak.core.spec.Training;

/**
 * A per-run setting of a sweep file: given once at the top level, or as a list of values under {@code grid:}
 * (an axis). Each knows how to read one value and where it goes in a run. The order of the constants is the
 * order in which the grid is expanded (the last varies fastest, before the seed).
 */
enum Setting {
    DATA_SEED(Keys.DATA_SEED, (n, k) -> Values.longAtLeast(n, k, 0), (t, v) -> t.dataSeed = (Long) v, RunSpec::dataSeed),
    WIDTHS(Keys.WIDTHS, Values::widths, (t, v) -> t.widths = ints(v), RunSpec::widths),
    ACTIVATION(Keys.ACTIVATION, (n, k) -> Values.choice(n, k, Activation::parse), (t, v) -> t.activation = (Activation) v, RunSpec::activation),
    INIT(Keys.INIT, (n, k) -> Values.choice(n, k, InitScheme::parse), (t, v) -> t.init = (InitScheme) v, RunSpec::init),
    TIE_LAYER(Keys.TIE_LAYER, (n, k) -> Values.intAtLeast(n, k, 1), (t, v) -> t.tieLayer = (Integer) v, RunSpec::tieLayer),
    TIE_UNITS(Keys.TIE_UNITS, Values::unitGroup, (t, v) -> t.tieUnits = ints(v), RunSpec::tieUnits),
    TIE_MODE(Keys.TIE_MODE, (n, k) -> Values.choice(n, k, TieMode::parse), (t, v) -> t.tieMode = (TieMode) v, RunSpec::tieMode),
    EPSILON(Keys.EPSILON, (n, k) -> Values.numberAtLeast(n, k, 0.0, true), (t, v) -> t.epsilon = (Double) v, RunSpec::epsilon),
    STEPS(Keys.STEPS, (n, k) -> Values.intAtLeast(n, k, 1), (t, v) -> t.steps = (Integer) v, RunSpec::steps),
    LR(Keys.LR, (n, k) -> Values.numberAtLeast(n, k, 0.0, false), (t, v) -> t.lr = (Double) v, RunSpec::lr),
    DELTA(Keys.DELTA, (n, k) -> Values.numberAtLeast(n, k, 0.0, false), (t, v) -> t.delta = (Double) v, RunSpec::delta),
    CHECKPOINTS(Keys.CHECKPOINTS, (n, k) -> Values.intAtLeast(n, k, 2), (t, v) -> t.checkpoints = (Integer) v, RunSpec::checkpoints),
    OPTIMIZER(Keys.OPTIMIZER, (n, k) -> Values.choice(n, k, OptimizerSpec::parse), (t, v) -> t.optimizer = (OptimizerSpec) v, r -> r.training().optimizer()),
    BATCH_SIZE(Keys.BATCH_SIZE, (n, k) -> Values.intAtLeast(n, k, 0), (t, v) -> t.batchSize = (Integer) v, r -> r.training().batchSize()),
    WEIGHT_DECAY(Keys.WEIGHT_DECAY, (n, k) -> Values.numberAtLeast(n, k, 0.0, true), (t, v) -> t.weightDecay = (Double) v, r -> r.training().weightDecay()),
    DROPOUT(Keys.DROPOUT, Values::probability, (t, v) -> t.dropout = (Double) v, r -> r.training().dropout()),
    GRAD_NOISE(Keys.GRAD_NOISE, (n, k) -> Values.numberAtLeast(n, k, 0.0, true), (t, v) -> t.gradNoise = (Double) v, r -> r.training().gradNoise()),
    LR_JITTER(Keys.LR_JITTER, (n, k) -> Values.numberAtLeast(n, k, 0.0, true), (t, v) -> t.lrJitter = (Double) v, r -> r.training().lrJitter()),
    UPDATE_ORDER(Keys.UPDATE_ORDER, (n, k) -> Values.choice(n, k, Training.UpdateOrder::parse),
            (t, v) -> t.updateOrder = (Training.UpdateOrder) v, r -> r.training().updateOrder()),
    GRADIENT(Keys.GRADIENT, (n, k) -> Values.choice(n, k, Training.Gradient::parse),
            (t, v) -> t.gradient = (Training.Gradient) v, r -> r.training().gradient()),
    FD_STEP(Keys.FD_STEP, (n, k) -> Values.numberAtLeast(n, k, 0.0, false), (t, v) -> t.fdStep = (Double) v, r -> r.training().fdStep()),
    PRECISION(Keys.PRECISION, (n, k) -> Values.choice(n, k, Training.Precision::parse),
            (t, v) -> t.precision = (Training.Precision) v, r -> r.training().precision()),
    LABEL_NOISE(Keys.LABEL_NOISE, (n, k) -> Values.numberAtLeast(n, k, 0.0, true), (t, v) -> t.labelNoise = (Double) v, r -> r.training().labelNoise()),
    INPUT_NOISE(Keys.INPUT_NOISE, (n, k) -> Values.numberAtLeast(n, k, 0.0, true), (t, v) -> t.inputNoise = (Double) v, r -> r.training().inputNoise()),
    DUPLICATE_AFTER(Keys.DUPLICATE_AFTER, (n, k) -> Values.intAtLeast(n, k, 0), (t, v) -> t.duplicateAfter = (Integer) v,
            r -> r.training().duplicateAfter()),
    DUPLICATE_RATIO(Keys.DUPLICATE_RATIO, Values::number,
            (t, v) -> t.duplicateRatio = (Double) v, r -> r.training().duplicateRatio()),
    SPLIT_HESSIAN(Keys.SPLIT_HESSIAN, Values::bool, (t, v) -> t.splitHessian = (Boolean) v, r -> r.training().splitHessian());

    interface Reader {
        Object read(JsonNode node, Values.Key key) throws ConfigException;
    }

    final String key;
    private final Reader reader;
    private final BiConsumer<RunTemplate, Object> applier;
    private final Function<RunSpec, Object> getter;

    Setting(String key, Reader reader, BiConsumer<RunTemplate, Object> applier, Function<RunSpec, Object> getter) {
        this.key = key;
        this.reader = reader;
        this.applier = applier;
        this.getter = getter;
    }

    /** This setting's value in a run, as shown in tables. */
    String valueIn(RunSpec run) {
        return show(getter.apply(run));
    }

    Object read(JsonNode node, Values.Key where) throws ConfigException {
        return reader.read(node, where);
    }

    void apply(RunTemplate template, Object value) {
        applier.accept(template, value);
    }

    /** How a value is shown in tables and messages. */
    static String show(Object value) {
        if (value instanceof Activation a) {
            return a.label();
        }
        if (value instanceof TieMode m) {
            return m.label();
        }
        if (value instanceof InitScheme s) {
            return s.label();
        }
        if (value instanceof OptimizerSpec o) {
            return o.label();
        }
        if (value instanceof Training.UpdateOrder u) {
            return u.label();
        }
        if (value instanceof Training.Gradient g) {
            return g.label();
        }
        if (value instanceof Training.Precision p) {
            return p.label();
        }
        if (value instanceof List<?> list) {
            return list.toString().replace(" ", "");
        }
        return String.valueOf(value);
    }

    static Setting byKey(String key) {
        for (Setting s : values()) {
            if (s.key.equals(key)) {
                return s;
            }
        }
        return null;
    }

    static List<String> keys() {
        return java.util.Arrays.stream(values()).map(s -> s.key).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Integer> ints(Object value) {
        return (List<Integer>) value;
    }
}
