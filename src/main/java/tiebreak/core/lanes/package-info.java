/**
 * The lane kernel: runs of one architecture trained eight at a time, one per lane of a 512-bit vector (the
 * JDK's Vector API), each lane with the scalar trainer's operations in its order, so its bits; and the
 * batching of a partition's runs into lane batches ({@link tiebreak.core.lanes.BatchedRuns}).
 *
 * <p>{@link tiebreak.core.lanes.LaneTrainer} is the schedule of a step; everything it computes is a piece of
 * static bodies over the lane arrays of {@link tiebreak.core.lanes.LaneBuffers}, in the manner of Lucene's
 * Panama vector code. The pieces are tested together, run by run and bit for bit, against the scalar
 * Trainer ({@code LaneKernelTest}), and the activations against the scalar functions ({@code LaneMathTest}):
 * <ul>
 * <li>{@link tiebreak.core.lanes.LaneRows}: each lane's random streams, minibatch rows, step noise and
 *     dropout masks, the masks and the normal deviates drawn for all lanes at once by
 *     {@link tiebreak.core.lanes.LaneRng} (the deviates with fdlibm's log and cos of
 *     {@link tiebreak.core.lanes.LaneFdlibm});</li>
 * <li>{@link tiebreak.core.lanes.LaneForward}: Z = AW + b and the activations, one sample or a block of four;</li>
 * <li>{@link tiebreak.core.lanes.LaneLoss}: the loss and the output error, MSE or softmax cross-entropy;</li>
 * <li>{@link tiebreak.core.lanes.LaneBackward} and {@link tiebreak.core.lanes.LaneErrors}: the gradients and
 *     the errors sent down a layer;</li>
 * <li>{@link tiebreak.core.lanes.LaneUpdate}: weight decay, gradient noise and the optimizer's rule, on a
 *     block or (sequential updates) one unit's elements of it;</li>
 * <li>{@link tiebreak.core.lanes.LaneDifferences}: the losses of central differences, each recomputing only
 *     what the moved parameter reaches;</li>
 * <li>{@link tiebreak.core.lanes.LaneMath}: the activation functions and their derivatives;</li>
 * <li>{@link tiebreak.core.lanes.LaneGelu}: GELU and its derivative in one evaluation, the derivative kept
 *     over z for the backward pass (a hidden layer's z has an array of its own under GELU).</li>
 * </ul>
 * float32 runs go sixteen to a vector in {@link tiebreak.core.lanes.FloatLaneTrainer}: products and sums in
 * float lanes ({@link tiebreak.core.lanes.FloatLanePass}), every element-wise expression in double on
 * the floats ({@link tiebreak.core.lanes.FloatLaneUpdate}, and LaneMath's bodies over widened arrays of
 * {@link tiebreak.core.lanes.FloatLaneBuffers}), rounded at store as the scalar float32 path rounds. What
 * the kernels do not do yet goes in as pieces of the same kind. {@link tiebreak.core.lanes.LaneBatch#supports}
 * says which runs the kernels take.
 */
package tiebreak.core.lanes;
