package dev.mapper.expr;

import java.lang.reflect.Method;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.jexl3.JexlArithmetic;
import org.apache.commons.jexl3.JexlException;
import org.apache.commons.jexl3.JexlOperator;
import org.apache.commons.jexl3.introspection.JexlMethod;
import org.apache.commons.jexl3.introspection.JexlPermissions;
import org.apache.commons.jexl3.introspection.JexlPropertyGet;
import org.apache.commons.jexl3.introspection.JexlPropertySet;
import org.apache.commons.jexl3.introspection.JexlUberspect;

/**
 * JEXL's introspection with mapper's guards around every method call: sizes checked before and
 * after ({@link Limits}), and a refusal that names what was refused instead of JEXL's terse
 * "unsolvable function/method" or "JEXL error : clear".
 */
final class GuardedUberspect implements JexlUberspect {
    static final String NO_SIDE_EFFECTS = "transforms and checks may not have side effects";
    private final JexlUberspect base;
    private final JexlPermissions permissions;
    private volatile Operators operators;

    GuardedUberspect(JexlUberspect base, JexlPermissions permissions) {
        this.base = base;
        this.permissions = permissions;
    }

    @Override
    public JexlMethod getMethod(Object obj, String method, Object... args) {
        JexlMethod found = base.getMethod(obj, method, args);
        if (found == null && obj != null && isHidden(obj.getClass(), method)) {
            throw new Refusal("refused: method '" + method + "' on " + kind(obj)
                    + " is not allowed (no class, reflection, static, system or environment access; " + NO_SIDE_EFFECTS + ")");
        }
        return found == null ? null : new Guarded(found, method, "'" + method + "'", Budget.CHEAP.contains(method));
    }

    /** The class has a public method of that name, but the sandbox hides it. */
    private boolean isHidden(Class<?> type, String method) {
        for (Method m : type.getMethods()) {
            if (m.getName().equals(method) && !(permissions.allow(m.getDeclaringClass()) && permissions.allow(m))) {
                return true;
            }
        }
        return false;
    }

    static String kind(Object obj) {
        if (obj instanceof CharSequence) {
            return "a text";
        }
        if (obj instanceof Number) {
            return "a number";
        }
        if (obj instanceof java.util.Map) {
            return "an object";
        }
        if (obj instanceof java.util.Collection || obj instanceof Iterator) {
            return "a list";
        }
        return "a " + obj.getClass().getSimpleName();
    }

    /**
     * A method call: sizes checked, and a write to a read-only source value named as the side effect it is.
     * JEXL keeps it in the expression's cache, so its label and whether it is cheap are worked out once.
     */
    private record Guarded(JexlMethod method, String name, String label, boolean cheap) implements JexlMethod {
        @Override
        public Object invoke(Object obj, Object... params) throws Exception {
            Limits.beforeCall(obj, name, params);
            try {
                Object result = cheap && Limits.small(obj, params) ? method.invoke(obj, params) : Budget.call(() -> method.invoke(obj, params));
                return result == obj ? result : Limits.measured(label, result); // trim() of a trimmed text builds nothing
            } catch (Exception e) {
                throw refusedWrite(e, obj);
            }
        }

        @Override
        public Object tryInvoke(String methodName, Object obj, Object... params) throws JexlException.TryFailed {
            Limits.beforeCall(obj, methodName, params);
            try {
                boolean same = name.equals(methodName);
                Object result = (same ? cheap : Budget.CHEAP.contains(methodName)) && Limits.small(obj, params) ? method.tryInvoke(methodName, obj, params)
                        : Budget.call(() -> method.tryInvoke(methodName, obj, params));
                return method.tryFailed(result) ? result : Limits.measured(same ? label : "'" + methodName + "'", result);
            } catch (JexlException.TryFailed | Refusal e) {
                throw e;
            } catch (Exception e) {
                throw refusedWrite(e, obj) instanceof RuntimeException r ? r : new IllegalStateException(e);
            }
        }

        /** Source values are read-only views: a call that tries to change one fails with UnsupportedOperationException. */
        private <E extends Exception> E refusedWrite(E e, Object obj) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof UnsupportedOperationException) {
                    throw new Refusal("refused: '" + name + "' would change " + kind(obj) + " read from a source; " + NO_SIDE_EFFECTS);
                }
            }
            return e;
        }

        @Override
        public boolean tryFailed(Object rval) {
            return method.tryFailed(rval);
        }

        @Override
        public boolean isCacheable() {
            return method.isCacheable();
        }

        @Override
        public Class<?> getReturnType() {
            return method.getReturnType();
        }
    }

    @Override
    public JexlMethod getConstructor(Object ctorHandle, Object... args) {
        return null; // the sandbox allows no constructor; 'new' does not even compile
    }

    @Override
    public List<PropertyResolver> getResolvers(JexlOperator operator, Object obj) {
        return base.getResolvers(operator, obj);
    }

    @Override
    public JexlPropertyGet getPropertyGet(Object obj, Object identifier) {
        return refuseHidden(obj, identifier, base.getPropertyGet(obj, identifier));
    }

    @Override
    public JexlPropertyGet getPropertyGet(List<PropertyResolver> resolvers, Object obj, Object identifier) {
        return refuseHidden(obj, identifier, base.getPropertyGet(resolvers, obj, identifier));
    }

    /** {@code value.class} reads getClass(): say it was refused rather than "undefined property". */
    private JexlPropertyGet refuseHidden(Object obj, Object identifier, JexlPropertyGet found) {
        if (found == null && obj != null && !(obj instanceof java.util.Map) && identifier instanceof String name && !name.isEmpty()) {
            String getter = Character.toUpperCase(name.charAt(0)) + name.substring(1);
            if (isHidden(obj.getClass(), "get" + getter) || isHidden(obj.getClass(), "is" + getter)) {
                throw new Refusal("refused: property '" + name + "' of " + kind(obj)
                        + " is not allowed (no class, reflection, static, system or environment access; " + NO_SIDE_EFFECTS + ")");
            }
        }
        return found;
    }

    @Override
    public JexlPropertySet getPropertySet(Object obj, Object identifier, Object arg) {
        return null; // expressions cannot assign (the 'sideEffect' features are off); belt and braces
    }

    @Override
    public JexlPropertySet getPropertySet(List<PropertyResolver> resolvers, Object obj, Object identifier, Object arg) {
        return null;
    }

    @Override
    public Iterator<?> getIterator(Object obj) {
        return base.getIterator(obj);
    }

    @Override
    public JexlArithmetic.Uberspect getArithmetic(JexlArithmetic arithmetic) {
        return base.getArithmetic(arithmetic);
    }

    /** JEXL asks for this on every evaluation; it depends only on the arithmetic, so the last one is kept. */
    @Override
    public JexlOperator.Uberspect getOperator(JexlArithmetic arithmetic) {
        Operators last = operators;
        if (last == null || last.arithmetic() != arithmetic) {
            last = new Operators(arithmetic, new UncachedOperators(base.getOperator(arithmetic)));
            operators = last;
        }
        return last.operator();
    }

    private record Operators(JexlArithmetic arithmetic, JexlOperator.Uberspect operator) {}

    @Override
    public Class<?> getClassByName(String className) {
        return null;
    }

    @Override
    public ClassLoader getClassLoader() {
        return base.getClassLoader();
    }

    @Override
    public void setClassLoader(ClassLoader loader) {
        base.setClassLoader(loader);
    }

    @Override
    public int getVersion() {
        return base.getVersion();
    }
}
