//! Commitments that depend on each other in a circle (`depends_on`): none of them could start.

use std::collections::HashMap;

use crate::diagnostics::Diagnostic;
use crate::model::Strategy;

/// Each cycle, reported once, at the `depends_on` that closes it.
pub(super) fn check(strategy: &Strategy) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let by_id: HashMap<&str, usize> = strategy
        .commitments
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.get_ref().as_str(), i))
        .collect();
    // 0: not seen; 1: on the current path; 2: done.
    let mut state = vec![0u8; strategy.commitments.len()];
    let mut path: Vec<usize> = Vec::new();
    for start in 0..strategy.commitments.len() {
        if state[start] != 0 {
            continue;
        }
        // Depth first, without recursion: each frame is a commitment and its next dependency.
        let mut stack = vec![(start, 0usize)];
        state[start] = 1;
        path.push(start);
        while let Some(&mut (at, ref mut next)) = stack.last_mut() {
            let deps = &strategy.commitments[at].depends_on;
            let Some(dep) = deps.get(*next) else {
                state[at] = 2;
                path.pop();
                stack.pop();
                continue;
            };
            *next += 1;
            // A dependency named twice is one dependency.
            if deps[..*next - 1]
                .iter()
                .any(|d| d.get_ref() == dep.get_ref())
            {
                continue;
            }
            let Some(&to) = by_id.get(dep.get_ref().as_str()) else {
                continue;
            };
            match state[to] {
                0 => {
                    state[to] = 1;
                    path.push(to);
                    stack.push((to, 0));
                }
                // An entry naming itself is reported as such already.
                1 if to != at => {
                    let from = path.iter().position(|&p| p == to).unwrap_or(0);
                    let name = |i: usize| format!("`{}`", strategy.commitments[i].id.get_ref());
                    let circle = &path[from..];
                    let mut ids: Vec<String> = circle.iter().take(5).map(|&i| name(i)).collect();
                    if circle.len() > 6 {
                        ids.push(format!("… ({} more)", circle.len() - 6));
                    }
                    if circle.len() > 5 {
                        ids.push(name(circle[circle.len() - 1]));
                    }
                    ids.push(name(to));
                    let c = &strategy.commitments[at];
                    diags.push(
                        Diagnostic::error(format!(
                            "commitments depend on each other in a circle: {}",
                            ids.join(" needs ")
                        ))
                        .at(c.file, dep.span(), "this closes the circle")
                        .help("none of them could start: remove the dependency that is not real"),
                    );
                }
                _ => {}
            }
        }
    }
    diags
}
