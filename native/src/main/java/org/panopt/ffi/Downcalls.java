package org.panopt.ffi;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.function.Supplier;

/** Making downcall handles, and stand-ins that throw when a library is missing. */
public final class Downcalls {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle GET_EXCEPTION;

    static {
        try {
            GET_EXCEPTION = MethodHandles.lookup().findVirtual(Supplier.class, "get", MethodType.methodType(Object.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Downcalls() {
    }

    /**
     * A downcall handle for {@code name} in {@code lookup}.
     *
     * @param critical a critical call: no thread-state transition, heap segments allowed, but GC and
     *                 safepoints are blocked for the whole call (short calls only)
     * @throws IllegalArgumentException if the symbol is missing
     */
    public static MethodHandle bind(SymbolLookup lookup, String name, FunctionDescriptor fd, boolean critical) {
        MemorySegment address = lookup.find(name)
                .orElseThrow(() -> new IllegalArgumentException("symbol " + name + " not found"));
        return critical ? LINKER.downcallHandle(address, fd, Linker.Option.critical(true))
                : LINKER.downcallHandle(address, fd);
    }

    /**
     * The segment from element {@code off} on, as a downcall pointer argument. An offset at or past the
     * end (only legal for an operand with no elements, which native code does not read) passes the
     * segment itself.
     */
    public static MemorySegment at(MemorySegment s, long off, int elemBytes) {
        long b = off * elemBytes;
        return off == 0 || b >= s.byteSize() ? s : s.asSlice(b);
    }

    /**
     * For {@code catch (Throwable t) { throw Downcalls.rethrow(t); }} around {@code invokeExact}: unchecked
     * throwables pass through unchanged, anything else (a downcall declares none) is wrapped.
     */
    public static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("unexpected checked exception from a downcall", t);
    }

    /** A handle of the type a downcall to {@code fd} would have, that throws {@code error.get()} whenever called. */
    public static MethodHandle throwing(FunctionDescriptor fd, Supplier<? extends RuntimeException> error) {
        MethodType type = fd.toMethodType();
        MethodHandle thrower = MethodHandles.throwException(type.returnType(), RuntimeException.class);
        MethodHandle make = GET_EXCEPTION.bindTo(error).asType(MethodType.methodType(RuntimeException.class));
        return MethodHandles.dropArguments(MethodHandles.foldArguments(thrower, make), 0, type.parameterList());
    }
}
