//! The validate phase: rules that relate several parts of the input to each other or to
//! what the macro generates: the parameter list as a whole, the return type against the
//! trigger, and the attribute's arguments against the signature (`init` and the state
//! parameter go together).

use quote::{ToTokens, quote};
use syn::Type;

use crate::args::Args;
use crate::errors::Errors;
use crate::model::{HandlerFn, Output, contains_impl_trait};

pub(crate) fn check(errors: &Errors, args: &Args, model: &HandlerFn<'_>) {
    let attribute = model.trigger.attribute();
    let signature = model.trigger.signature();
    if model.event.is_none() {
        // Spanned at `()`: there is no parameter to point at.
        errors.push(syn::Error::new(
            model.sig.paren_token.span.join(),
            format!(
                "{attribute} needs the event as first parameter: `({})` or {signature}{}",
                model.trigger.event_param(),
                model.trigger.event_note()
            ),
        ));
    }
    check_state(errors, args, model);
    if !model.extra.is_empty() {
        let extra = &model.extra;
        errors.at(
            quote!(#(#extra),*),
            format!(
                "{attribute} functions take at most three parameters: `({}, ctx: &Context, state: &State)`, the state with `init = <function>`",
                model.trigger.event_param()
            ),
        );
    }
    if let Some((_, response)) = model.trigger.response()
        && let Output::Unit = model.output
    {
        // Spanned at the whole signature: the missing return type has no token of its own.
        errors.at(
            model.sig,
            format!(
                "{attribute} functions must return the response: add `-> {response}` or `-> {}`",
                model.trigger.returns()
            ),
        );
    }
}

/// `init` and the third parameter come together: `init` builds the state the parameter
/// borrows.
fn check_state(errors: &Errors, args: &Args, model: &HandlerFn<'_>) {
    let attribute = model.trigger.attribute();
    let name = &model.sig.ident;
    match (&args.init, &model.state) {
        (None, None) => {}
        (Some((_, init)), None) => errors.at(
            init,
            format!(
                "`init = {}` builds a state, but `{name}` has no parameter to receive it; \
                 add a third parameter `state: &State` after `ctx: &Context`",
                init.to_token_stream().to_string().replace(' ', "")
            ),
        ),
        (None, Some(_)) if args.init_unreadable => {}
        (None, Some(state)) => {
            let macro_name = attribute.trim_start_matches("`#[").trim_end_matches("]`");
            errors.at(
                state.arg,
                format!(
                    "a third parameter receives the state that `init` builds once per instance; \
                     name the function that builds it, `#[{macro_name}(init = connect)]` with \
                     `fn connect() -> Result<State, E>`, or remove the parameter"
                ),
            );
        }
        (Some(_), Some(state)) => {
            let ty: &Type = state.ty;
            if contains_impl_trait(ty) {
                errors.at(
                    ty,
                    format!(
                        "{attribute} needs the concrete state type, not `impl Trait`: `state: &State`"
                    ),
                );
            } else if state.borrowed().is_none() {
                let how = match ty {
                    Type::Reference(_) => "by shared reference",
                    _ => "by reference (it is built once and shared by every invocation)",
                };
                errors.at(
                    ty,
                    format!("{attribute} lends the state {how}; write `state: &State`"),
                );
            }
        }
    }
}
