package org.panopt.algorithms.optim;

import java.lang.foreign.Arena;
import java.util.Objects;
import org.panopt.core.array.DType;
import org.panopt.core.array.Vec;
import org.panopt.core.array.Workspace;

/**
 * Where a rule takes its state buffers from, once, at construction: a {@link Workspace} (budgeted,
 * closed with it) or a caller's {@link Arena}. Both hand out zero-filled, 64-byte aligned,
 * contiguous vectors.
 */
@FunctionalInterface
interface StateBuffers {
    Vec vector(DType dtype, int length);

    static StateBuffers of(Workspace workspace) {
        Objects.requireNonNull(workspace, "workspace");
        return workspace::vector;
    }

    static StateBuffers of(Arena arena) {
        Objects.requireNonNull(arena, "arena");
        return (dtype, length) -> Vec.allocate(arena, dtype, length);
    }
}
