// Package method holds the key-account method's canonical identifiers: the six
// steps in order, buying roles, relationship stages, communication styles and
// the other enumerations that content, accounts and themes share.
package method

import "slices"

// Steps are the six steps, in method order.
var Steps = []string{"analyze", "trust", "needs", "value", "commit", "collect"}

// StepIndex returns the 0-based position of a step id, or -1.
func StepIndex(id string) int { return slices.Index(Steps, id) }

// Roles are the buying roles along the purchase process.
var Roles = []string{"designer", "evaluator", "decider", "user"}

// Stages are the four relationship stages, from first contact to ally.
var Stages = []string{"acquainted", "engaged", "trusted", "allied"}

// StageIndex is the position of a relationship stage (0-based), or -1.
func StageIndex(id string) int { return slices.Index(Stages, id) }

// Styles are the five communication styles.
var Styles = []string{"peacock", "koala", "owl", "tiger", "chameleon"}

// Guides are the levels of an inside guide.
var Guides = []string{"senior", "middle", "junior"}

// ObjectionCategories classify objection cards.
var ObjectionCategories = []string{
	"price", "budget", "timing", "competitor", "authority", "quality",
	"payment", "relationship", "need", "delivery", "service", "other",
}

// ProposalSections are the seven sections of a proposal, in order.
var ProposalSections = []string{"current", "challenges", "fab", "plan", "quote", "answers", "credentials"}
