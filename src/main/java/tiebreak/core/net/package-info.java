/**
 * The network: activations, the losses, the parameters and their init, and the forward and backward pass
 * over reused workspaces ({@link tiebreak.core.net.Backprop}). Uses math.
 */
package tiebreak.core.net;
