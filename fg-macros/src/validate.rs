//! The validate phase: rules that relate several parts of the input to each other or to
//! what the macro generates: the parameter list as a whole, and later the attribute's
//! arguments against the signature.

use quote::quote;

use crate::args::Args;
use crate::errors::Errors;
use crate::model::HandlerFn;

pub(crate) fn check(errors: &Errors, _args: &Args, model: &HandlerFn<'_>) {
    let attribute = model.trigger.attribute();
    let signature = model.trigger.signature();
    if model.event.is_none() {
        // Spanned at `()`: there is no parameter to point at.
        errors.push(syn::Error::new(
            model.sig.paren_token.span.join(),
            format!(
                "{attribute} needs the event as first parameter: `({})` or {signature}",
                model.trigger.event_param()
            ),
        ));
    }
    if !model.extra.is_empty() {
        let extra = &model.extra;
        errors.at(
            quote!(#(#extra),*),
            format!("{attribute} functions take at most two parameters: {signature}"),
        );
    }
}
