package tiebreak.core.spec;

/**
 * The names of a run's settings, one spelling each. The same name is the setting's key in a sweep file, its
 * key in the run id's canonical string ({@link RunSpec#canonical()}) and in {@link InvalidSpecException}, and
 * its column in the runs and summary tables. A task's own parameters ({@code d}, {@code n}, ...) are named by
 * {@link TaskSpec.Kind#parameters()}.
 */
public final class Keys {
    public static final String RUN_ID = "run_id";
    public static final String SWEEP = "sweep";
    public static final String TASK = "task";
    /** {@link TaskSpec#params()}. */
    public static final String TASK_PARAMS = "task_params";
    public static final String INIT_SEED = "init_seed";
    public static final String DATA_SEED = "data_seed";
    public static final String WIDTHS = "widths";
    public static final String ACTIVATION = "activation";
    public static final String INIT = "init";
    public static final String TIE_LAYER = "tie_layer";
    public static final String TIE_UNITS = "tie_units";
    public static final String TIE_MODE = "tie_mode";
    public static final String EPSILON = "epsilon";
    public static final String STEPS = "steps";
    public static final String LR = "lr";
    public static final String DELTA = "delta";
    public static final String CHECKPOINTS = "checkpoints";
    public static final String VARIANT = "variant";
    public static final String OPTIMIZER = "optimizer";
    public static final String BATCH_SIZE = "batch_size";
    public static final String WEIGHT_DECAY = "weight_decay";
    public static final String DROPOUT = "dropout";
    public static final String GRAD_NOISE = "grad_noise";
    public static final String LR_JITTER = "lr_jitter";
    public static final String UPDATE_ORDER = "update_order";
    public static final String GRADIENT = "gradient";
    public static final String FD_STEP = "fd_step";
    public static final String PRECISION = "precision";
    public static final String LABEL_NOISE = "label_noise";
    public static final String INPUT_NOISE = "input_noise";
    public static final String SPLIT_HESSIAN = "split_hessian";
    public static final String DUPLICATE_AFTER = "duplicate_after";
    public static final String DUPLICATE_RATIO = "duplicate_ratio";

    private Keys() {
    }
}
