ALTER TABLE "candidates" ADD COLUMN "problem_id" text;--> statement-breakpoint
ALTER TABLE "assessments" ADD COLUMN "variant_per_candidate" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "candidates" ADD CONSTRAINT "candidates_problem_id_problems_id_fk" FOREIGN KEY ("problem_id") REFERENCES "public"."problems"("id") ON DELETE set null ON UPDATE no action;