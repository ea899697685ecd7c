package org.panopt.ffi;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
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
     * The segment from element {@code off} on, as a downcall pointer argument ({@code s} itself at
     * offset 0). An offset at or past the end (only legal for an operand with no elements, which native
     * code does not read) gives the empty slice at the end.
     *
     * <p>The slice may be allocated on every call: escape analysis removes it only while the JDK's
     * slicing code sees at most two segment classes JVM-wide, which heap and mapped segments break.
     * Hence short calls on native memory pass {@link #address} instead.
     */
    public static MemorySegment at(MemorySegment s, long off, int elemBytes) {
        return off == 0 ? s : s.asSlice(Math.min(off * elemBytes, s.byteSize()));
    }

    /**
     * The raw address of element {@code off} of a native segment, for critical downcalls declared with
     * {@code JAVA_LONG} pointers. Safe there without the linker's scope acquisition because a critical
     * call blocks garbage collection and the handshake that closing a shared arena needs, and only the
     * owner thread (this one, busy in the call) can close a confined arena.
     */
    public static long address(MemorySegment s, long off, int elemBytes) {
        return s.address() + off * elemBytes;
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

    /** The same function with every pointer argument declared {@code JAVA_LONG}, for {@link #address} arguments. */
    public static FunctionDescriptor raw(FunctionDescriptor fd) {
        MemoryLayout[] args = fd.argumentLayouts().stream()
                .map(l -> l instanceof AddressLayout ? ValueLayout.JAVA_LONG : l)
                .toArray(MemoryLayout[]::new);
        return fd.returnLayout().map(r -> FunctionDescriptor.of(r, args)).orElseGet(() -> FunctionDescriptor.ofVoid(args));
    }

    /** A handle of the type a downcall to {@code fd} would have, that throws {@code error.get()} whenever called. */
    public static MethodHandle throwing(FunctionDescriptor fd, Supplier<? extends RuntimeException> error) {
        MethodType type = fd.toMethodType();
        MethodHandle thrower = MethodHandles.throwException(type.returnType(), RuntimeException.class);
        MethodHandle make = GET_EXCEPTION.bindTo(error).asType(MethodType.methodType(RuntimeException.class));
        return MethodHandles.dropArguments(MethodHandles.foldArguments(thrower, make), 0, type.parameterList());
    }
}
