/**
 * The tasks' data, generated from the data seed alone ({@link tiebreak.core.task.TaskData}), and the iris
 * data set shipped in the jar. Uses spec and math.
 */
package tiebreak.core.task;
