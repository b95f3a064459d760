package io.atrium.sharding.balancer;

import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * One kind of work a pool of routees does, as the router needs to know it: where the routees
 * register, and how a request names its reply address, so that the router can put itself in
 * between (to see when and how each message completes) and pass the reply on.
 *
 * @param key the Receptionist key the pool's routees register under
 * @param replyClass the class of the routees' replies
 * @param replyTo where a request wants its reply
 * @param redirect the same request with another reply address
 * @param isError whether a reply reports a failure (it counts against the routee)
 * @param failureReply what the requester gets when the routee fails or times out
 * @param <W> the work requests the routees accept
 * @param <R> their replies
 */
public record WorkKind<W, R>(
    ServiceKey<W> key,
    Class<R> replyClass,
    Function<W, ActorRef<R>> replyTo,
    BiFunction<W, ActorRef<R>, W> redirect,
    Predicate<R> isError,
    Function<Throwable, R> failureReply) {}
